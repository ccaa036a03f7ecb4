import { randomUUID } from 'node:crypto';
import { createServer } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContactProcessed } from '../../src/message/buildContactProcessed.js';
import { createSender } from '../../src/sender/createSender.js';
import { listenOnLoopback } from '../support/loopback.js';
import { testCertificate } from './testCertificate.js';

let pems: { key: string; cert: string };
beforeAll(async () => {
  pems = await testCertificate();
});

/** An HTTPS receiver that records the negotiated protocol of each request. */
async function httpsReceiver(tls: {
  minVersion?: 'TLSv1' | 'TLSv1.2';
  maxVersion?: 'TLSv1.1' | 'TLSv1.2';
  ciphers?: string;
}) {
  const protocols: string[] = [];
  const server = createServer({ ...pems, ...tls }, (req, res) => {
    protocols.push((req.socket as TLSSocket).getProtocol() ?? '');
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  server.on('tlsClientError', () => {});
  const port = await listenOnLoopback(server);
  return { url: `https://127.0.0.1:${port}/ocs`, protocols, port };
}

const message = () => buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() });

describe('the reference sender over real HTTPS on loopback', () => {
  it('delivers over TLS 1.2+ when the certificate is trusted through `ca`', async () => {
    const receiver = await httpsReceiver({});
    const sender = createSender({ uri: receiver.url, ca: pems.cert, responseTimeout: 2 });
    const result = await sender.send(message());
    await sender.close();
    expect(result).toMatchObject({ outcome: 'delivered', attempts: 1, lastStatus: 200 });
    expect(receiver.protocols).toEqual(['TLSv1.3']);
  });

  it('delivers to a receiver capped at TLS 1.2', async () => {
    const receiver = await httpsReceiver({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    const sender = createSender({ uri: receiver.url, ca: pems.cert, responseTimeout: 2 });
    const result = await sender.send(message());
    await sender.close();
    expect(result.outcome).toBe('delivered');
    expect(receiver.protocols).toEqual(['TLSv1.2']);
  });

  it('refuses a receiver capped below TLS 1.2 (which an older client could reach)', async () => {
    const receiver = await httpsReceiver({
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    // Control: a client that allows TLS 1.1 gets through, so the refusal below is about the version.
    const control = await new Promise<string>((resolve, reject) => {
      const socket = connect(
        {
          host: '127.0.0.1',
          port: receiver.port,
          ca: pems.cert,
          minVersion: 'TLSv1',
          ciphers: 'DEFAULT@SECLEVEL=0',
        },
        () => {
          resolve(socket.getProtocol() ?? '');
          socket.destroy();
        },
      );
      socket.on('error', reject);
    });
    expect(control).toBe('TLSv1.1');
    const sender = createSender({
      uri: receiver.url,
      ca: pems.cert,
      responseTimeout: 2,
      retryMaxAttempts: 0,
    });
    const result = await sender.send(message());
    await sender.close();
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/TLS handshake failed/);
    expect(receiver.protocols).toEqual([]);
  });

  it('refuses an untrusted certificate unless `ca` is given', async () => {
    const receiver = await httpsReceiver({});
    const sender = createSender({ uri: receiver.url, responseTimeout: 2 });
    const result = await sender.send(message());
    await sender.close();
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/TLS handshake failed \(.*(self[- ]signed|SELF_SIGNED)/i);
    expect(receiver.protocols).toEqual([]);
  });
});
