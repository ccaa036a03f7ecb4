/**
 * The proxy never calls "conformant" what it did not see: a notification the sender's policy will not
 * retry is judged at once (not left open for the retry window); a run that ends with notifications
 * still open, or that saw none, is incomplete (never conformant) unless the user allows it; the target
 * counts as reachable only when it answered; a retry the policy does not allow is named even when it
 * comes after the notification was judged.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startProxy, type ProxyOptions } from '../../../src/checks/proxy/startProxy.js';
import type { JudgedNotification } from '../../../src/checks/proxy/TrackedNotification.js';
import { freshContactProcessed } from '../../../src/message/freshContactProcessed.js';
import { reportPassed, reportVerdict, type Report } from '../../../src/report/Report.js';
import { startAlways, startSlow } from './proxyReceivers.js';
import { post } from './rawSender.js';

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** A proxy to `target` whose judgements are timed from the start; closed after the test if not before. */
async function proxyTo(target: string, options: Partial<ProxyOptions> = {}) {
  const judged: { at: number; judged: JudgedNotification }[] = [];
  const started = performance.now();
  const proxy = await startProxy(
    { responseTimeout: 1, retryWindow: 30, ...options, target, port: 0 },
    (j) => judged.push({ at: performance.now() - started, judged: j }),
  );
  let closed: Promise<Report> | undefined;
  const close = () => (closed ??= proxy.close());
  stops.push(close);
  return { url: proxy.url, judged, close };
}

async function receiver(status: number) {
  const running = await startAlways(status);
  stops.push(() => running.close());
  return running.url;
}

async function deadPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/notifications`;
}

const until = async (done: () => boolean, ms: number) => {
  for (const end = performance.now() + ms; !done() && performance.now() < end;)
    await new Promise((resolve) => setTimeout(resolve, 20));
};

const post1 = async (url: string, message = freshContactProcessed()) =>
  post(url, JSON.stringify(message), message.GSW_MESSAGE_GUID);

describe('cpn-kit proxy: what the policy will not retry is judged at once', () => {
  it('a 400 (4xx is not retried): judged lost within a second, not after the 30 s retry window', async () => {
    const proxy = await proxyTo(await receiver(400));
    await post1(proxy.url);
    await until(() => proxy.judged.length > 0, 3_000);
    expect(proxy.judged.map((j) => j.judged.state)).toEqual(['lost']);
    expect(proxy.judged[0]!.at).toBeLessThan(1_000);
    expect(reportPassed(await proxy.close())).toBe(false);
  });

  it('a 503 with no retry left (http-retry-max-attempts 0): judged at once', async () => {
    const proxy = await proxyTo(await receiver(503), { retryMaxAttempts: 0 });
    await post1(proxy.url);
    await until(() => proxy.judged.length > 0, 3_000);
    expect(proxy.judged.map((j) => j.judged.state)).toEqual(['lost']);
    expect(proxy.judged[0]!.at).toBeLessThan(1_000);
  });

  it('a 503 with a retry left stays open for the retry, and is open at the end', async () => {
    const proxy = await proxyTo(await receiver(503), { retryMaxAttempts: 1 });
    await post1(proxy.url);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(proxy.judged).toEqual([]);
    const report = await proxy.close();
    expect(proxy.judged.map((j) => j.judged.state)).toEqual(['open']);
    expect(report.complete).toBe(false);
  });

  it('a retry the policy does not allow, sent after the notification was judged, is named', async () => {
    const proxy = await proxyTo(await receiver(404), { retryMaxAttempts: 2 });
    const message = freshContactProcessed();
    await post1(proxy.url, message);
    await until(() => proxy.judged.length > 0, 3_000);
    await post1(proxy.url, message);
    const report = await proxy.close();
    const retries = report.findings.find((f) => f.id === 'sender-retries')!;
    expect(retries.status).toBe('fail');
    expect(retries.summary).toMatch(
      /retried after attempt 1 \(404 in \d+ ms\), but 4xx is not retried \(http-retry-applies-to: connection-failure, timeout, 5xx\)/,
    );
  });
});

describe('cpn-kit proxy: an incomplete run is never conformant', () => {
  it('notifications still open at the end: incomplete, saying how many and why', async () => {
    const slow = await startSlow(5_000);
    stops.push(() => slow.close());
    const proxy = await proxyTo(slow.url, { responseTimeout: 10 });
    const answer = post1(proxy.url).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const report = await proxy.close();
    await answer;
    expect(report.complete).toBe(false);
    expect(reportPassed(report)).toBe(false);
    expect(reportVerdict(report)).toMatch(/^incomplete \(1 notification still open/);
    expect(report.findings[0]).toMatchObject({ id: 'run-complete', status: 'fail' });
  });

  it('with allowOpen, open notifications are a warning and the run can be conformant', async () => {
    const proxy = await proxyTo(await receiver(503), { retryMaxAttempts: 1, allowOpen: true });
    await post1(proxy.url);
    const report = await proxy.close();
    expect(report.complete).toBe(true);
    expect(report.findings.find((f) => f.id === 'run-complete')).toMatchObject({ status: 'warn' });
    expect(reportPassed(report)).toBe(true);
  });

  it('a run that saw no notification: incomplete ("nothing observed") unless allowEmpty', async () => {
    const target = await receiver(200);
    const empty = await (await proxyTo(target)).close();
    expect(reportPassed(empty)).toBe(false);
    expect(reportVerdict(empty)).toMatch(/^incomplete \(nothing observed/);
    const allowed = await (await proxyTo(target, { allowEmpty: true })).close();
    expect(reportPassed(allowed)).toBe(true);
  });
});

describe('cpn-kit proxy: target-reachable passes only when the target answered', () => {
  it('nothing forwarded to a port where nothing listens: not a pass', async () => {
    const report = await (await proxyTo(await deadPort(), { allowEmpty: true })).close();
    const reachable = report.findings.find((f) => f.id === 'target-reachable')!;
    expect(reachable.status).toBe('skip');
    expect(reachable.summary).toMatch(/nothing was forwarded/);
  });

  it('answered: a pass that counts the answers', async () => {
    const proxy = await proxyTo(await receiver(200));
    await post1(proxy.url);
    const report = await proxy.close();
    expect(report.findings.find((f) => f.id === 'target-reachable')).toMatchObject({
      status: 'pass',
      summary: expect.stringMatching(/answered 1 of 1 forwarded request/) as unknown,
    });
  });
});
