/**
 * The exactly-once checks against real loopback receivers whose dedupe is right, missing, racy or
 * keyed on the wrong field, the count read from each receiver's own store.
 */
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkReceiver } from '../../../src/checks/receiver/checkReceiver.js';
import { NO_HANDLED_COUNT } from '../../../src/checks/receiver/exactlyOnce.js';
import { startReceiver } from '../../../src/receiver/startReceiver.js';
import type { Finding, Report } from '../../../src/report/Report.js';
import { listenOnLoopback } from '../../support/loopback.js';
import { startOnceReceiver, type OnceKind } from './onceReceivers.js';

const ONCE = [
  'exactly-once-duplicate',
  'exactly-once-retry-race',
  'exactly-once-burst',
  'exactly-once-distinct',
  'exactly-once-whole-run',
];
const TIMEOUT = 1;

const byId = (report: Report, id: string): Finding => report.findings.find((f) => f.id === id)!;
const failing = (report: Report) =>
  report.findings.filter((f) => f.status === 'fail').map((f) => f.id);

async function checkOnce(kind: OnceKind, poolSize: number, delayMs = 50) {
  const receiver = await startOnceReceiver(kind, delayMs);
  try {
    return await checkReceiver({
      url: receiver.url,
      responseTimeout: TIMEOUT,
      connectionPoolSize: poolSize,
      handledCount: (guid) => receiver.handled(guid),
    });
  } finally {
    await receiver.close();
  }
}

describe('exactly-once checks (checkReceiver with handledCount)', () => {
  it('without handledCount: each is a SKIP saying what to give, and nothing more is sent', async () => {
    const running = await startReceiver({ port: 0, path: '/notifications' });
    try {
      const report = await checkReceiver({ url: running.url, responseTimeout: 2 });
      const skipped = report.findings.filter((f) => f.status === 'skip');
      expect(skipped.map((f) => f.id)).toEqual(ONCE);
      for (const f of skipped) expect(f.summary).toBe(NO_HANDLED_COUNT);
      expect(report.findings).toHaveLength(25);
      expect(running.receiver.stats).toMatchObject({ accepted: 16, duplicates: 2, rejected: 2 });
    } finally {
      await running.close();
    }
  });

  it('the reference receiver (a slow handler) passes every one, at a pool of 1 and of 4', async () => {
    const counts = new Map<string, number>();
    const running = await startReceiver({
      port: 0,
      path: '/notifications',
      onNotification: async ({ guid }) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        counts.set(guid, (counts.get(guid) ?? 0) + 1);
      },
    });
    try {
      for (const poolSize of [1, 4]) {
        const report = await checkReceiver({
          url: running.url,
          responseTimeout: TIMEOUT,
          connectionPoolSize: poolSize,
          handledCount: (guid) => counts.get(guid) ?? 0,
        });
        expect(failing(report), JSON.stringify(report.findings, null, 1)).toEqual([]);
        const once = ONCE.map((id) => [id, byId(report, id).status]);
        expect(once).toEqual(
          ONCE.map((id) => [id, id === 'exactly-once-burst' && poolSize === 1 ? 'skip' : 'pass']),
        );
      }
    } finally {
      await running.close();
    }
  }, 30_000);

  it('a copy answered 503 + Retry-After while the first is handled is right: once, in ≤ 2 timeouts', async () => {
    for (const poolSize of [1, 4]) {
      const report = await checkOnce('in-flight-503', poolSize, 300);
      const race = byId(report, 'exactly-once-retry-race');
      expect(failing(report), JSON.stringify(race, null, 1)).toEqual([]);
      expect(race.status).toBe('pass');
      expect(race.details!.join('\n')).toMatch(/while the first is still being handled: HTTP 503/);
      // With one connection the first is given up, so a later copy must be acknowledged; with more,
      // the first stays open and gets its own 200.
      expect(race.details!.join('\n')).toMatch(
        poolSize === 1
          ? /^first delivery: given up once sent[^]*\na later copy, as OCS retries \(\d\): HTTP 200 in \d+ ms$/
          : /^first delivery: HTTP 200 in \d+ ms\n/,
      );
      expect(race.durationMs!).toBeLessThanOrEqual(2 * TIMEOUT * 1000);
    }
  }, 60_000);

  it('no dedupe: the copy after the answer, the race, the burst and the run fail (GUID, count, curl)', async () => {
    const report = await checkOnce('no-dedupe', 4);
    expect(failing(report).sort()).toEqual(
      [
        'exactly-once-duplicate',
        'exactly-once-retry-race',
        'exactly-once-burst',
        'exactly-once-whole-run',
      ].sort(),
    );
    const duplicate = byId(report, 'exactly-once-duplicate');
    expect(duplicate.summary).toMatch(/^[0-9a-f-]{36} was handled 2 times, expected once$/);
    const guid = duplicate.summary.slice(0, 36);
    expect(duplicate.curl).toContain(`# ${guid} was handled 2 times, expected once`);
    expect(duplicate.curl!.match(/^curl /gm)).toHaveLength(2);
    const burst = byId(report, 'exactly-once-burst');
    expect(burst.summary).toMatch(/was handled 4 times, expected once$/);
    expect(burst.curl!.match(/ &$/gm)).toHaveLength(4);
    expect(burst.curl).toMatch(/\nwait$/);
    expect(byId(report, 'exactly-once-whole-run').summary).toMatch(
      /^1 of \d+ acknowledged notifications not handled exactly once: a retried notification: first delivery: [0-9a-f-]{36} was handled 2 times/,
    );
    // Nothing a client sees over HTTP is wrong: every other finding passes.
    expect(
      report.findings.filter((f) => !f.id.startsWith('exactly-once')).map((f) => f.status),
    ).not.toContain('fail');
  }, 30_000);

  it('a racy dedupe (check, await, insert): the race fails at a pool of 1; the burst too at 4', async () => {
    const one = await checkOnce('racy', 1);
    expect(failing(one)).toEqual(['exactly-once-retry-race']);
    const race = byId(one, 'exactly-once-retry-race');
    expect(race.summary).toMatch(/was handled 2 times, expected once$/);
    expect(race.details![0]).toMatch(/^first delivery: given up once sent/);
    expect(race.curl).toMatch(/ &\n.*\nwait$/s);
    const four = await checkOnce('racy', 4);
    expect(failing(four).sort()).toEqual(['exactly-once-burst', 'exactly-once-retry-race']);
  }, 30_000);

  it('a dedupe keyed on the call attempt GUID loses the second notification of the attempt', async () => {
    const report = await checkOnce('wrong-key', 2);
    expect(failing(report)).toContain('exactly-once-distinct');
    expect(byId(report, 'exactly-once-distinct').summary).toMatch(
      /[0-9a-f-]{36} was acknowledged but handled 0 times: the notification is lost .*; the second was taken for a retry of the first: the dedupe key must be GSW_MESSAGE_GUID alone/,
    );
  }, 30_000);

  it('acknowledged and never handled: lost, in every check', async () => {
    const report = await checkOnce('loses', 2);
    expect(failing(report).sort()).toEqual([...ONCE].sort());
  }, 60_000);

  it('a handled count that cannot be used is one failing finding, and nothing is sent for it', async () => {
    const receiver = await startOnceReceiver('claim-first');
    try {
      const cases: [Parameters<typeof checkReceiver>[0]['handledCount'], RegExp][] = [
        [
          () => Promise.reject(new Error('connection refused')),
          /^handledCount failed: "connection refused"$/,
        ],
        [() => 1.5, /^handledCount returned "1.5", not a whole number of times$/],
        [() => 3, /^it gave 3 for a GUID never sent \([0-9a-f-]{36}\): it does not count/],
      ];
      for (const [handledCount, summary] of cases) {
        const report = await checkReceiver({
          url: receiver.url,
          responseTimeout: TIMEOUT,
          handledCount,
        });
        expect(failing(report)).toEqual(['handled-count']);
        expect(byId(report, 'handled-count').summary).toMatch(summary);
        for (const id of ONCE) expect(byId(report, id).status).toBe('skip');
      }
    } finally {
      await receiver.close();
    }
  }, 30_000);

  it('every valid notification refused alike (401): not run, and the count never asked', async () => {
    const port = await listenOnLoopback(
      createServer((req, res) => req.resume().on('end', () => res.writeHead(401).end())),
    );
    let asked = 0;
    const report = await checkReceiver({
      url: `http://127.0.0.1:${port}/notifications`,
      responseTimeout: TIMEOUT,
      handledCount: () => (asked += 1),
    });
    expect(asked).toBe(0);
    for (const id of ONCE) {
      expect(byId(report, id).status).toBe('skip');
      expect(byId(report, id).summary).toMatch(
        /^not run: .* each got the same answer \(see common-cause\)$/,
      );
    }
  });
});
