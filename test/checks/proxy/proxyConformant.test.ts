/**
 * The proxy between conformant senders and conformant receivers: the reference sender and a sender
 * written here on node:http, the reference receiver and an Express CRM that answers 503 to each
 * first attempt. Everything passes, every exchange is recorded, and the recorded bodies are the very
 * bytes that were sent (their SHA-256 compared).
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildContactProcessed } from '../../../src/message/buildContactProcessed.js';
import { freshContactProcessed } from '../../../src/message/freshContactProcessed.js';
import { startReceiver } from '../../../src/receiver/startReceiver.js';
import { startFirstAttempt503, startSlow } from './proxyReceivers.js';
import { sendWithRetries } from './rawSender.js';
import { referenceSend, runThroughProxy, type ProxyRun } from './runThroughProxy.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

function expectAllPass(run: ProxyRun) {
  expect(run.failing).toEqual([]);
  expect(run.report.findings.filter((f) => f.status !== 'pass').map((f) => f.id)).toEqual([]);
}

describe('cpn-kit proxy: conformant senders and receivers pass', () => {
  it('the reference sender to the reference receiver: each delivered once, recorded byte for byte', async () => {
    const receiver = await startReceiver({ path: '/notifications' });
    stops.push(() => receiver.close());
    const messages = [freshContactProcessed(), freshContactProcessed(), freshContactProcessed()];
    let results: Awaited<ReturnType<typeof referenceSend>> = [];
    const run = await runThroughProxy(receiver.url, {}, async (url) => {
      results = await referenceSend(url, messages);
    });
    expect(results.map((r) => r.outcome)).toEqual(['delivered', 'delivered', 'delivered']);
    expectAllPass(run);
    expect(run.finding('notifications').summary).toMatch(
      /^3 notifications: 3 delivered, 0 lost, 0 failed, 0 still open/,
    );
    expect(run.judged.map((j) => j.state)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(receiver.receiver.stats.accepted).toBe(3);
    expect(run.recorded).toHaveLength(3);
    for (const message of messages) {
      const sent = JSON.stringify(message);
      const line = run.recorded.find((r) => r.guid === message.GSW_MESSAGE_GUID)!;
      expect(line.attempt).toBe(1);
      expect(line.request.sha256).toBe(sha256(sent));
      expect(line.request.body).toBe(sent);
      expect(line.request.path).toBe('/');
      expect(line.answer?.status).toBe(200);
    }
  });

  it('503 to each first attempt (Express) and a sender that retries: delivered on attempt 2, same bytes', async () => {
    const receiver = await startFirstAttempt503();
    stops.push(() => receiver.close());
    const messages = [freshContactProcessed(), freshContactProcessed()];
    const run = await runThroughProxy(receiver.url, { retryMaxAttempts: 1 }, (url) =>
      referenceSend(url, messages, { retryMaxAttempts: 1 }),
    );
    expectAllPass(run);
    expect(run.judged.map((j) => [j.state, j.notification.attempts.length])).toEqual([
      ['delivered', 2],
      ['delivered', 2],
    ]);
    expect(run.recorded).toHaveLength(4);
    for (const message of messages) {
      const lines = run.recorded.filter((r) => r.guid === message.GSW_MESSAGE_GUID);
      expect(lines.map((l) => [l.attempt, l.answer?.status])).toEqual([
        [1, 503],
        [2, 200],
      ]);
      expect(new Set(lines.map((l) => l.request.sha256))).toEqual(
        new Set([sha256(JSON.stringify(message))]),
      );
      expect(lines[0]!.answer!.headers['retry-after']).toBe('1');
    }
  });

  it('a sender written on node:http that retries with the same bytes passes too', async () => {
    const receiver = await startFirstAttempt503();
    stops.push(() => receiver.close());
    const message = freshContactProcessed();
    const run = await runThroughProxy(receiver.url, { retryMaxAttempts: 2 }, (url) =>
      sendWithRetries(url, message, 3, 'none'),
    );
    expectAllPass(run);
    expect(run.judged.map((j) => j.state)).toEqual(['delivered']);
    expect(run.recorded.map((r) => r.answer?.status)).toEqual([503, 200]);
  });

  it('new notifications identical apart from the GUID, 10 in flight at once, are new ones, not retries', async () => {
    const receiver = await startSlow(50);
    stops.push(() => receiver.close());
    const messages = Array.from({ length: 20 }, () =>
      buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() }),
    );
    const run = await runThroughProxy(receiver.url, { connectionPoolSize: 10 }, (url) =>
      referenceSend(url, messages, { connectionPoolSize: 10 }),
    );
    expectAllPass(run);
    expect(run.judged.map((j) => j.notification.attempts.length)).toEqual(messages.map(() => 1));
  });

  it('the reference sender with a pool of 1 keeps to one connection while 4 notifications wait', async () => {
    const receiver = await startSlow(100);
    stops.push(() => receiver.close());
    const messages = Array.from({ length: 4 }, () => freshContactProcessed());
    const run = await runThroughProxy(receiver.url, { connectionPoolSize: 1 }, (url) =>
      referenceSend(url, messages, { connectionPoolSize: 1 }),
    );
    expectAllPass(run);
    expect(run.finding('sender-pool').summary).toMatch(
      /^at most 1 open at once \(pool size 1\), 1 in all/,
    );
  });
});
