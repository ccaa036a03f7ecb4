import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createProxy } from 'proxy';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContactProcessed } from '../../src/message/buildContactProcessed.js';
import { createSender } from '../../src/sender/createSender.js';
import { freeLoopbackPort, listenOnLoopback } from '../support/loopback.js';
import { testCertificate } from './testCertificate.js';

let pems: { key: string; cert: string };
beforeAll(async () => {
  pems = await testCertificate();
});

/** A receiver (http or https) that records what reached it. */
async function receiver(tls: boolean) {
  const seen: { url: string; etag: string | undefined }[] = [];
  const handler = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    seen.push({ url: req.url ?? '', etag: req.headers.etag });
    req.resume();
    req.on('end', () => res.end('ok'));
  };
  const server = tls ? createHttpsServer(pems, handler) : createHttpServer(handler);
  const port = await listenOnLoopback(server);
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/ocs`, seen };
}

/** The real CONNECT proxy from the npm `proxy` package, recording tunnels and forwarded requests. */
async function proxy(credentials?: { user: string; pass: string }) {
  const server = createProxy(createHttpServer());
  const tunnels: string[] = [];
  const forwarded: string[] = [];
  const authHeaders: (string | undefined)[] = [];
  server.on('connect', (req: IncomingMessage) => {
    tunnels.push(req.url ?? '');
    authHeaders.push(req.headers['proxy-authorization']);
  });
  server.on('request', (req: IncomingMessage) => {
    forwarded.push(`${req.method} ${req.url}`);
    authHeaders.push(req.headers['proxy-authorization']);
  });
  if (credentials) {
    server.authenticate = (req) =>
      req.headers['proxy-authorization'] ===
      `Basic ${Buffer.from(`${credentials.user}:${credentials.pass}`).toString('base64')}`;
  }
  const port = await listenOnLoopback(server);
  return { port, tunnels, forwarded, authHeaders };
}

const message = () => buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() });

describe('the reference sender through a real CONNECT proxy on loopback', () => {
  it('tunnels HTTPS through CONNECT, certificate still verified end to end', async () => {
    const target = await receiver(true);
    const p = await proxy();
    const sender = createSender({
      uri: target.url,
      proxy: `http://127.0.0.1:${p.port}`,
      ca: pems.cert,
      responseTimeout: 2,
    });
    const m = message();
    const result = await sender.send(m);
    await sender.close();
    expect(result).toMatchObject({ outcome: 'delivered', lastStatus: 200 });
    expect(p.tunnels).toEqual([new URL(target.url).host]);
    expect(p.forwarded).toEqual([]);
    expect(target.seen).toEqual([{ url: '/ocs', etag: m.GSW_MESSAGE_GUID }]);
  });

  it('forwards plain HTTP through the proxy (absolute-form request, no tunnel)', async () => {
    const target = await receiver(false);
    const p = await proxy();
    const sender = createSender({
      uri: target.url,
      proxy: `http://127.0.0.1:${p.port}`,
      responseTimeout: 2,
    });
    const result = await sender.send(message());
    await sender.close();
    expect(result.outcome).toBe('delivered');
    expect(p.forwarded).toEqual([`POST ${target.url}`]);
    expect(p.tunnels).toEqual([]);
    expect(target.seen).toHaveLength(1);
  });

  it('authenticates with credentials from the proxy URL, and never shows them', async () => {
    const target = await receiver(true);
    const p = await proxy({ user: 'ocs', pass: 's3cr3t-pw' });
    const good = createSender({
      uri: target.url,
      proxy: `http://ocs:s3cr3t-pw@127.0.0.1:${p.port}`,
      ca: pems.cert,
      responseTimeout: 2,
    });
    expect(await good.send(message())).toMatchObject({ outcome: 'delivered' });
    expect(JSON.stringify(good.settings)).not.toContain('s3cr3t-pw');
    expect(good.settings.proxy).toBe(`http://***@127.0.0.1:${p.port}/`);
    await good.close();
    expect(p.authHeaders[0]).toBe(`Basic ${Buffer.from('ocs:s3cr3t-pw').toString('base64')}`);

    const bad = createSender({
      uri: target.url,
      proxy: `http://ocs:wrong-pw@127.0.0.1:${p.port}`,
      ca: pems.cert,
      responseTimeout: 2,
    });
    const refused = await bad.send(message());
    await bad.close();
    expect(refused.outcome).toBe('failed');
    expect(refused.reason).toMatch(/proxy refused the tunnel .*407/);
    expect(JSON.stringify(refused)).not.toContain('wrong-pw');
    expect(target.seen).toHaveLength(1);
  });

  it('reports a proxy that is down as a failure (retried as a connection failure), not a crash', async () => {
    const port = await freeLoopbackPort();
    const target = await receiver(false);
    const sender = createSender({
      uri: target.url,
      proxy: `http://user:hunter2@127.0.0.1:${port}`,
      responseTimeout: 1,
      retryMaxAttempts: 1,
      retryBackoff: { initialMs: 10, maxMs: 10 },
    });
    const result = await sender.send(message());
    await sender.close();
    expect(result).toMatchObject({ outcome: 'failed', attempts: 2 });
    expect(result.reason).toMatch(/connection failed \(ECONNREFUSED/);
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(target.seen).toEqual([]);
  });
});
