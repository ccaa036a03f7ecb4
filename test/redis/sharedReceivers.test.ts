/**
 * The decisive test of the shared dedupe store: two `cpn-kit receive --dedupe redis://…` processes
 * over one real redis-server, the kit's reference sender sending concurrent copies of every
 * notification spread over both (retrying what is not acknowledged, as OCS does), then one instance
 * restarted while copies are in flight, and more copies, old and new, after it: every notification
 * handled exactly once (one line in the instances' `--log` files together), none lost (every copy
 * acknowledged in the end). The same run
 * with each instance's own in-memory store handles copies twice: the check can fail.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContactProcessed } from '../../src/message/ContactProcessed.generated.js';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import { createSender, type Sender } from '../../src/sender/createSender.js';
import { redisMissing, startRedisServer, type RedisServer } from '../support/redisServer.js';
import { needing } from '../support/requirement.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const PASSWORD = 'receiver-shared-secret';

/** A `cpn-kit receive` process: its URL once it listens, its output, and a stop that waits for its exit. */
function receive(args: string[]) {
  const child = spawn(process.execPath, [cli, 'receive', '--path', '/notifications', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // 'close', not 'exit': by then everything it printed has been read.
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`receive exited ${code}: ${output}`)));
  });
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    return exited;
  };
  return { url, stop, output: () => output };
}

/** What a stopped `receive` counted, from its last line. */
function stopCounts(output: string): { accepted: number; duplicates: number } {
  const match = /stopped on \S+: (\d+) accepted, (\d+) duplicate/.exec(output);
  if (match === null) throw new Error(`no stop line in: ${output}`);
  return { accepted: Number(match[1]), duplicates: Number(match[2]) };
}

/** The GUIDs the instances handled, one per line of their `--log` files. */
async function handledGuids(logs: string[]): Promise<string[]> {
  const lines = await Promise.all(logs.map((log) => readFile(log, 'utf8').catch(() => '')));
  return lines
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { guid: string }).guid);
}

/** Sends `copies` copies of each message at once, alternately to each sender. */
function sendCopies(senders: Sender[], messages: ContactProcessed[], copies: number) {
  return Promise.all(
    messages.flatMap((message, m) =>
      Array.from({ length: copies }, (_, c) => senders[(m + c) % senders.length]!.send(message)),
    ),
  );
}

/** A sender that retries what is not acknowledged (5xx, a refused or cut connection) many times; each attempt's answer in `answers` (0: none). */
function senderFor(uri: string, answers: number[]): Sender {
  return createSender({
    uri,
    connectionPoolSize: 8,
    responseTimeout: 10,
    retryMaxAttempts: 100,
    retryBackoff: { initialMs: 20, maxMs: 200 },
  }).on('attempt', (event) => void answers.push(event.status ?? 0));
}

let redis: RedisServer;

needing(redisMissing).describe('two reference receivers sharing one Redis', () => {
  beforeAll(async () => {
    redis = await startRedisServer({ password: PASSWORD });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('handle every notification exactly once across both and a restart, and lose none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-shared-'));
    const logs = ['a1', 'b', 'a2'].map((name) => join(dir, `${name}.ndjson`));
    const dedupe = ['--dedupe', redis.url, '--dedupe-prefix', `decisive-${Date.now()}:`];
    const a = receive(['--port', '0', '--log', logs[0]!, ...dedupe]);
    const b = receive(['--port', '0', '--log', logs[1]!, ...dedupe]);
    const [urlA, urlB] = await Promise.all([a.url, b.url]);
    const answers: number[] = [];
    const senders = [senderFor(urlA, answers), senderFor(urlB, answers)];
    const fresh = (n: number) => Array.from({ length: n }, () => freshContactProcessed());

    // 1. Four copies of each of 80 notifications at once, two to each instance.
    const before = fresh(80);
    const first = await sendCopies(senders, before, 4);
    const raced = answers.filter((s) => s === 503).length;

    // 2. More copies, old and new, and meanwhile A stopped (what it is handling finishes first; the
    // copies it had in hand are cut and retried) and started again on its port: a rolling restart.
    const during = fresh(40);
    const sending = sendCopies(senders, [...before, ...during], 4);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await a.stop()).toBe(0);
    const again = receive(['--port', new URL(urlA).port, '--log', logs[2]!, ...dedupe]);
    expect(await again.url).toBe(urlA);
    const second = await sending;

    // 3. After the restart: copies of everything so far, and new notifications, over both again.
    const after = fresh(40);
    const third = await sendCopies(senders, [...before, ...during, ...after], 4);
    await Promise.all(senders.map((s) => s.close()));
    expect([await again.stop(), await b.stop()]).toEqual([0, 0]);

    const results = [...first, ...second, ...third];
    expect(results.filter((r) => r.outcome !== 'delivered')).toEqual([]); // none lost
    expect(results).toHaveLength((80 + 120 + 160) * 4);
    const handled = await handledGuids(logs);
    const expected = [...before, ...during, ...after].map((m) => m.GSW_MESSAGE_GUID);
    expect(handled.length).toBe(expected.length); // none handled twice
    expect(new Set(handled)).toEqual(new Set(expected)); // each handled
    // The restarted A, with nothing in its memory, knew the earlier notifications from Redis: it
    // acknowledged their copies as duplicates and handled none of them again.
    const handledByNewA = new Set(await handledGuids([logs[2]!]));
    expect(before.filter((m) => handledByNewA.has(m.GSW_MESSAGE_GUID))).toEqual([]);
    expect(stopCounts(again.output()).duplicates).toBeGreaterThan(0);
    // Copies did meet a delivery in progress in step 1 and got 503, then the retry's 200: the race
    // was run. No other answer but 200 and 503; no answer at all (0) only for copies the restart cut.
    const count = (status: number) => answers.filter((s) => s === status).length;
    expect(raced).toBeGreaterThan(0);
    expect(answers.filter((s) => s !== 200 && s !== 503 && s !== 0)).toEqual([]);
    process.stdout.write(
      `shared store: ${results.length} copies of ${expected.length} notifications delivered in ` +
        `${answers.length} attempts (${count(200)} answered 200, ${count(503)} 503, ${count(0)} ` +
        `cut or refused by the restart), ${handled.length} handled; new A: ` +
        `${JSON.stringify(stopCounts(again.output()))}\n`,
    );
    const printed = a.output() + b.output() + again.output();
    expect(printed).toContain(`dedupe store: shared in Redis at redis://127.0.0.1:${redis.port}/0`);
    expect(printed).not.toContain(PASSWORD);
  }, 120_000);

  it('each handle copies again with their own in-memory stores (what the shared store prevents)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-unshared-'));
    const logs = ['a', 'b'].map((name) => join(dir, `${name}.ndjson`));
    const a = receive(['--port', '0', '--log', logs[0]!]);
    const b = receive(['--port', '0', '--log', logs[1]!]);
    const senders = [senderFor(await a.url, []), senderFor(await b.url, [])];
    const messages = Array.from({ length: 20 }, () => freshContactProcessed());
    const results = await sendCopies(senders, messages, 2);
    await Promise.all(senders.map((s) => s.close()));
    await Promise.all([a.stop(), b.stop()]);
    expect(results.every((r) => r.outcome === 'delivered')).toBe(true);
    expect(await handledGuids(logs)).toHaveLength(40);
  }, 60_000);
});
