/**
 * check-receiver never loads a receiver harder than OCS would: at most `connectionPoolSize`
 * connections at once (OCS's http-connection-pool-size, default 1), and time spent waiting for one
 * of them is never the receiver's answer time.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkReceiver } from '../../../src/checks/receiver/checkReceiver.js';
import { receiverAgent, sendExchange } from '../../../src/checks/receiver/sendExchange.js';
import { asOcs } from '../../../src/checks/receiver/probeChecks.js';
import { createReceiver } from '../../../src/receiver/createReceiver.js';
import { formatReport } from '../../../src/report/formatReport.js';
import { reportPassed } from '../../../src/report/Report.js';

/** The reference receiver, answering after `delayMs`, counting the connections open at once. */
async function countingReceiver(delayMs: number) {
  const reference = createReceiver();
  let open = 0;
  let most = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      setTimeout(() => {
        void reference
          .receive(Buffer.concat(chunks), request.headers)
          .then((outcome) =>
            response
              .writeHead(outcome.status, { 'content-type': 'application/json' })
              .end(JSON.stringify(outcome.answer)),
          );
      }, delayMs);
    });
  });
  server.on('connection', (socket) => {
    most = Math.max(most, ++open);
    socket.once('close', () => (open -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/crm`;
  return { server, url, most: () => most };
}

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (running === undefined) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

describe('checkReceiver: connections', () => {
  it('opens one connection at a time by default (http-connection-pool-size 1)', async () => {
    const receiver = await countingReceiver(20);
    server = receiver.server;
    const report = await checkReceiver({ url: receiver.url, responseTimeout: 5 });
    expect(reportPassed(report), formatReport(report)).toBe(true);
    expect(receiver.most()).toBe(1);
  }, 60_000);

  it('opens at most connectionPoolSize connections at once, and uses them', async () => {
    const receiver = await countingReceiver(20);
    server = receiver.server;
    const report = await checkReceiver({
      url: receiver.url,
      responseTimeout: 5,
      connectionPoolSize: 3,
    });
    expect(reportPassed(report), formatReport(report)).toBe(true);
    expect(receiver.most()).toBe(3);
  }, 60_000);

  it('refuses a pool size that is not an integer of 1 or more, naming it', async () => {
    for (const size of [0, 1.5, Number.NaN])
      await expect(
        checkReceiver({ url: 'http://127.0.0.1:9/', connectionPoolSize: size }),
      ).rejects.toThrow(
        /^connectionPoolSize \(http-connection-pool-size\): expected an integer 1 or more/,
      );
  });

  it("time spent waiting for the pool's one connection is not the receiver's answer time", async () => {
    // Each answer takes 300 ms; the second request waits for the first one's connection. Against a
    // 0.5 s timeout, both are in time, and each took about 300 ms of the receiver's time.
    const receiver = await countingReceiver(300);
    server = receiver.server;
    const target = {
      url: receiver.url,
      headers: {},
      timeoutSeconds: 0.5,
      timeoutMs: 500,
      poolSize: 1,
      agent: receiverAgent(receiver.url, undefined, 1),
      startedAt: performance.now(),
    };
    try {
      const request = (n: number) => asOcs({}, `{"n":${n}}`, `e${n}`);
      const [first, second] = await Promise.all([
        sendExchange(target, 'first', request(1)),
        sendExchange(target, 'second', request(2)),
      ]);
      expect(receiver.most()).toBe(1);
      for (const e of [first, second]) {
        expect(e.failure).toBeUndefined();
        expect(e.status).toBe(400);
        expect(e.durationMs).toBeGreaterThanOrEqual(290);
        expect(e.durationMs).toBeLessThan(500);
      }
      expect(second.startedAt).toBeLessThan(first.startedAt + 50);
    } finally {
      target.agent.destroy();
    }
  });
});
