/**
 * Each sender defect the proxy must see, made by a sender written here on node:http (the way real
 * senders go wrong): a new GUID or timestamp on a retry, too many retries, giving up where the
 * settings say retry, following a redirect, more connections than the pool. Each one fails the rule
 * that names it, and no rule about the receiver.
 */
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freshContactProcessed } from '../../../src/message/freshContactProcessed.js';
import { startReceiver } from '../../../src/receiver/startReceiver.js';
import { start as startLoginRedirect } from '../../corpus/receivers/expressLoginRedirect.js';
import { startAlways, startRedirectAway, startSlow } from './proxyReceivers.js';
import { post, sendWithRetries } from './rawSender.js';
import { runThroughProxy } from './runThroughProxy.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function alwaysBusy() {
  const receiver = await startAlways(503);
  stops.push(() => receiver.close());
  return receiver.url;
}

describe('cpn-kit proxy: each sender defect is a failing finding', () => {
  it('a retry with a regenerated GUID is recognised by its content and named', async () => {
    const run = await runThroughProxy(await alwaysBusy(), { retryMaxAttempts: 1 }, (url) =>
      sendWithRetries(url, freshContactProcessed(), 2, 'new-guid'),
    );
    expect(run.judged).toHaveLength(1);
    expect(run.judged[0]!.notification.attempts).toHaveLength(2);
    expect(run.failing).toContain('sender-same-notification');
    expect(run.failing.filter((id) => id.startsWith('sender-'))).toEqual([
      'sender-same-notification',
    ]);
    expect(run.finding('sender-same-notification').summary).toMatch(
      /1 of 1 notification, e\.g\. [0-9a-f-]{36}: GSW_MESSAGE_GUID changed on retry \([0-9a-f-]{36} → [0-9a-f-]{36}\); a retry must keep it/,
    );
    expect(run.report.findings.some((f) => f.id === 'ambiguous')).toBe(false);
  });

  it('a retry with a regenerated GUID after the sender gave up waiting is recognised too', async () => {
    const receiver = await startSlow(1_300);
    stops.push(() => receiver.close());
    const run = await runThroughProxy(
      receiver.url,
      { retryMaxAttempts: 1 },
      (url) => sendWithRetries(url, freshContactProcessed(), 2, 'new-guid', { timeoutMs: 1_000 }),
      400,
    );
    expect(run.judged).toHaveLength(1);
    expect(run.judged[0]!.notification.attempts).toHaveLength(2);
    expect(run.failing.filter((id) => id.startsWith('sender-'))).toEqual([
      'sender-same-notification',
    ]);
  });

  it('a retry with a new GSW_TIMESTAMP is named', async () => {
    const message = freshContactProcessed();
    const run = await runThroughProxy(await alwaysBusy(), { retryMaxAttempts: 1 }, (url) =>
      sendWithRetries(url, message, 2, 'new-timestamp'),
    );
    expect(run.failing.filter((id) => id.startsWith('sender-'))).toEqual([
      'sender-same-notification',
    ]);
    expect(run.finding('sender-same-notification').summary).toContain(
      `${message.GSW_MESSAGE_GUID}: GSW_TIMESTAMP changed on retry (${message.GSW_TIMESTAMP} → `,
    );
  });

  it('more attempts than 1 + http-retry-max-attempts', async () => {
    const run = await runThroughProxy(await alwaysBusy(), { retryMaxAttempts: 1 }, (url) =>
      sendWithRetries(url, freshContactProcessed(), 4, 'none'),
    );
    expect(run.failing.filter((id) => id.startsWith('sender-'))).toEqual(['sender-attempts']);
    expect(run.finding('sender-attempts').summary).toMatch(
      /^1 of 1 notification, e\.g\. .*: retried after attempt 2 \(503 in \d+ ms\), but at most 1 retry is allowed \(http-retry-max-attempts\); 4 attempts$/,
    );
    // Judged at once after attempt 2 (no retry left), then again with the attempts that came after.
    expect(run.judged.map((j) => j.amends !== undefined)).toEqual([false, true, true]);
    expect(run.judged.at(-1)!.notification.attempts).toHaveLength(4);
    expect(run.finding('notifications').summary).toMatch(/^1 notification: 0 delivered, 1 lost/);
  });

  it('giving up after a 5xx that http-retry-applies-to names, with retries left', async () => {
    const run = await runThroughProxy(
      await alwaysBusy(),
      { retryMaxAttempts: 2 },
      (url) => sendWithRetries(url, freshContactProcessed(), 1, 'none'),
      1_700,
    );
    expect(run.judged.map((j) => j.state)).toEqual(['lost']);
    expect(run.failing.filter((id) => id.startsWith('sender-'))).toEqual(['sender-retries']);
    expect(run.finding('sender-retries').summary).toMatch(
      /not retried: attempt 1 met 5xx \(503 in \d+ ms\), which http-retry-applies-to names, and http-retry-max-attempts allows 2 retries/,
    );
  });

  it('following the Location of a redirect', async () => {
    const receiver = await startLoginRedirect();
    stops.push(() => receiver.close());
    const run = await runThroughProxy(receiver.url, {}, async (url) => {
      const message = freshContactProcessed();
      const body = JSON.stringify(message);
      const answer = await post(url, body, message.GSW_MESSAGE_GUID);
      expect(answer).toMatchObject({ status: 302, location: '/login' });
      await post(new URL(answer!.location!, url).href, body, message.GSW_MESSAGE_GUID);
    });
    expect(run.failing).toContain('sender-redirects');
    expect(run.finding('sender-redirects').summary).toMatch(
      /followed the redirect: (GET|POST) \/login \(redirects must never be followed\)/,
    );
    expect(run.judged).toHaveLength(1);
    expect(run.recorded.map((r) => r.request.path)).toEqual(['/', '/login']);
  });

  it('a redirect to another host cannot be watched: a warning says so instead of a pass', async () => {
    const receiver = await startRedirectAway('https://sso.crm.example/login?next=%2Fnotifications');
    stops.push(() => receiver.close());
    const message = freshContactProcessed();
    const run = await runThroughProxy(receiver.url, {}, (url) =>
      post(url, JSON.stringify(message), message.GSW_MESSAGE_GUID),
    );
    expect(run.finding('sender-redirects')).toMatchObject({
      status: 'warn',
      summary: expect.stringContaining(
        '1 redirect gave a Location away from the proxy (https://sso.crm.example/login?next=%2Fnotifications)',
      ) as unknown,
    });
    // A 302 is not retried: the valid notification is lost, at once.
    expect(run.failing).toEqual(['receiver-no-redirect', 'receiver-acknowledged']);
  });

  it('more connections at once than http-connection-pool-size', async () => {
    const receiver = await startSlow(150);
    stops.push(() => receiver.close());
    const agent = new Agent({ keepAlive: true, maxSockets: 3 });
    const run = await runThroughProxy(receiver.url, { connectionPoolSize: 1 }, (url) =>
      Promise.all(
        [1, 2, 3].map(() => sendWithRetries(url, freshContactProcessed(), 1, 'none', { agent })),
      ).finally(() => agent.destroy()),
    );
    expect(run.failing).toEqual(['sender-pool']);
    expect(run.finding('sender-pool').summary).toMatch(
      /^3 connections open at once .*http-connection-pool-size 1 allows 1$/,
    );
  });

  it('a request abandoned before the end of its body is recorded with why, and the proxy goes on', async () => {
    const receiver = await startReceiver({ path: '/notifications' });
    stops.push(() => receiver.close());
    const message = freshContactProcessed();
    const run = await runThroughProxy(receiver.url, {}, async (url) => {
      const { port } = new URL(url);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        'POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 900\r\n\r\n{"GSW_',
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await post(url, JSON.stringify(message), message.GSW_MESSAGE_GUID)).toMatchObject({
        status: 200,
      });
    });
    expect(run.recorded.map((r) => [r.answer, r.failure ?? ''])).toEqual([
      [null, 'the sender closed the connection before the end of its body'],
      [expect.objectContaining({ status: 200 }), ''],
    ]);
    expect(run.judged.map((j) => j.state)).toEqual(['delivered']);
  });

  it('a request that is not a valid notification', async () => {
    const receiver = await startReceiver({ path: '/notifications' });
    stops.push(() => receiver.close());
    const message = freshContactProcessed();
    const run = await runThroughProxy(receiver.url, {}, (url) =>
      post(url, JSON.stringify({ ...message, GSW_CALL_RESULT: 'busy' }), message.GSW_MESSAGE_GUID),
    );
    expect(run.failing).toEqual(['sender-valid']);
    expect(run.finding('sender-valid').summary).toContain('GSW_CALL_RESULT');
    // Refused with 400 and not retried (4xx is not named): over at once, failed, and rightly so.
    expect(run.judged.map((j) => j.state)).toEqual(['failed']);
    expect(run.recorded[0]!.answer?.status).toBe(400);
  });
});
