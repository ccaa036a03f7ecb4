/**
 * The proxy on HTTPS at both ends, as in a staging network: it serves TLS to the sender
 * (`--tls-cert/--tls-key`) and forwards to an https:// CRM whose certificate is trusted through `ca`
 * (the same self-signed certificate here, made in the test). An untrusted target is a finding, not a
 * silent pass.
 */
import { createServer } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { freshContactProcessed } from '../../../src/message/freshContactProcessed.js';
import { createSender } from '../../../src/sender/createSender.js';
import { testCertificate } from '../../sender/testCertificate.js';
import { closeHttpServer, portOf } from '../../corpus/receivers/RunningReceiver.js';
import { runThroughProxy } from './runThroughProxy.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** An https:// CRM that acknowledges everything with 200. */
async function httpsCrm(tls: { key: string; cert: string }) {
  const server = createServer(tls, (req, res) => {
    req
      .resume()
      .on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => closeHttpServer(server));
  return `https://127.0.0.1:${portOf(server)}/ocs/notifications`;
}

async function sendOne(url: string, ca: string) {
  const sender = createSender({ uri: url, responseTimeout: 1, ca });
  try {
    return await sender.send(freshContactProcessed());
  } finally {
    await sender.close();
  }
}

describe('cpn-kit proxy over HTTPS', () => {
  it('serves TLS to the sender and forwards to an https:// target trusted through ca', async () => {
    const tls = await testCertificate();
    const target = await httpsCrm(tls);
    let outcome = '';
    const run = await runThroughProxy(target, { tls, ca: [tls.cert] }, async (url) => {
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      outcome = (await sendOne(url, tls.cert)).outcome;
    });
    expect(outcome).toBe('delivered');
    expect(run.failing).toEqual([]);
    expect(run.recorded[0]!.answer?.status).toBe(200);
  });

  it('a target whose certificate is not trusted: 502 and the target-reachable finding name it', async () => {
    const tls = await testCertificate();
    const target = await httpsCrm(tls);
    const run = await runThroughProxy(target, { tls }, (url) => sendOne(url, tls.cert), 0);
    expect(run.failing).toContain('target-reachable');
    expect(run.finding('target-reachable').summary).toMatch(
      /\(TLS handshake failed \(DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate\)\); the sender got 502$/,
    );
    expect(run.recorded[0]!.answer?.status).toBe(502);
  });
});
