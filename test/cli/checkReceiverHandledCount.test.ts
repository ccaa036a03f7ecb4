/**
 * check-receiver --handled-count as a user runs it: the CLI in a child process, the count read by a
 * real shell command from the receiver's own log file (`grep -c`), a command that cannot count named
 * with what it printed.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../src/receiver/startReceiver.js';
import type { Report } from '../../src/report/Report.js';
import { startOnceReceiver } from '../checks/receiver/onceReceivers.js';
import { runCli } from './runCli.js';

const ONCE = [
  'exactly-once-duplicate',
  'exactly-once-retry-race',
  'exactly-once-burst',
  'exactly-once-distinct',
  'exactly-once-whole-run',
];

describe('cpn-kit check-receiver --handled-count (child process, a real shell command)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpn-handled-count-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const check = async (url: string, command: string, name: string) => {
    const json = join(dir, `${name}.json`);
    const run = await runCli(
      [
        'check-receiver',
        url,
        '--response-timeout',
        '1',
        '--pool-size',
        '2',
        '--handled-count',
        command,
        '--json',
        json,
      ],
      { timeoutMs: 60_000 },
    );
    const report = JSON.parse(await readFile(json, 'utf8')) as Report;
    const status = (id: string) => report.findings.find((f) => f.id === id)?.status;
    return { run, report, status };
  };

  it('the reference receiver, its handlings grepped from its log: every exactly-once check passes', async () => {
    const log = join(dir, 'reference.log');
    writeFileSync(log, '');
    const running = await startReceiver({
      port: 0,
      path: '/notifications',
      onNotification: ({ guid }) => appendFileSync(log, `${guid}\n`),
    });
    try {
      const { run, report, status } = await check(
        running.url,
        `grep -c -- "$CPN_GUID" '${log}'`,
        'reference',
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(ONCE.map(status)).toEqual(ONCE.map(() => 'pass'));
      expect(report.findings).toHaveLength(25);
      expect(run.stdout).toMatch(/^PASS exactly-once-retry-race: [0-9a-f-]{36} was handled once/m);
    } finally {
      await running.close();
    }
  }, 60_000);

  it('a receiver without dedupe: exit 1, the copy handled twice, with GUID, count and curl commands', async () => {
    const log = join(dir, 'no-dedupe.log');
    writeFileSync(log, '');
    const receiver = await startOnceReceiver('no-dedupe', 20, log);
    try {
      const { run, report } = await check(receiver.url, `grep -c -- "$CPN_GUID" '${log}'`, 'none');
      expect(run.code).toBe(1);
      const duplicate = report.findings.find((f) => f.id === 'exactly-once-duplicate')!;
      expect(duplicate.status).toBe('fail');
      expect(duplicate.summary).toMatch(/^([0-9a-f-]{36}) was handled 2 times, expected once$/);
      const guid = duplicate.summary.slice(0, 36);
      const lines = (await readFile(log, 'utf8')).split('\n');
      expect(lines.filter((line) => line === guid)).toHaveLength(2);
      expect(duplicate.curl).toContain(`"GSW_MESSAGE_GUID":"${guid}"`);
      expect(run.stdout).toMatch(
        /^FAIL exactly-once-duplicate: [0-9a-f-]{36} was handled 2 times/m,
      );
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('a command that prints no count, or fails: one finding naming what it printed; nothing judged on it', async () => {
    const receiver = await startOnceReceiver('claim-first', 0);
    try {
      const cases: [string, RegExp][] = [
        [
          'echo many',
          /^the handled-count command "echo many" printed "many", not a whole number of times$/,
        ],
        [
          `cat '${join(dir, 'missing.log')}'`,
          /^the handled-count command .* exited with code 1; it printed "cat: .*missing\.log: No such file or directory"$/,
        ],
        ['wc -l < /etc/passwd', /^it gave \d+ for a GUID never sent \([0-9a-f-]{36}\)/],
      ];
      for (const [command, summary] of cases) {
        const { run, report, status } = await check(receiver.url, command, 'broken');
        expect(run.code).toBe(1);
        expect(report.findings.filter((f) => f.status === 'fail').map((f) => f.id)).toEqual([
          'handled-count',
        ]);
        expect(report.findings.find((f) => f.id === 'handled-count')!.summary).toMatch(summary);
        expect(ONCE.map(status)).toEqual(ONCE.map(() => 'skip'));
      }
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('an empty --handled-count is a usage error naming the flag (exit 2)', async () => {
    const run = await runCli(['check-receiver', 'http://127.0.0.1:9/n', '--handled-count', ' ']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--handled-count/);
  });
});
