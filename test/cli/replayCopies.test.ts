/**
 * `cpn-kit replay --copies N --concurrency C` as an idempotency hammer (child process, loopback): each
 * recorded notification sent N times byte-identical, never more than C requests at once, and with
 * --handled-count each judged handled once from the receiver's own log (`grep -c`).
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import { toRecordedExchange } from '../../src/record/RecordedExchange.js';
import { startOnceReceiver } from '../checks/receiver/onceReceivers.js';
import { listenOnLoopback } from '../support/loopback.js';
import { runCli } from './runCli.js';

/** A recording of `n` notifications, each answered 200 once. */
function recording(n: number): { lines: string; guids: string[] } {
  const messages = Array.from({ length: n }, () => freshContactProcessed());
  const lines = messages
    .map((message) =>
      JSON.stringify(
        toRecordedExchange({
          receivedAt: new Date(),
          guid: message.GSW_MESSAGE_GUID,
          attempt: 1,
          request: {
            method: 'POST',
            path: '/',
            headers: { etag: message.GSW_MESSAGE_GUID, 'content-type': 'application/json' },
            body: Buffer.from(JSON.stringify(message)),
          },
          answer: { status: 200, headers: {}, body: Buffer.from('{}') },
          durationMs: 2,
        }),
      ),
    )
    .join('\n');
  return { lines: `${lines}\n`, guids: messages.map((m) => m.GSW_MESSAGE_GUID) };
}

describe('cpn-kit replay --copies --concurrency --handled-count (child process, loopback)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpn-replay-copies-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('sends each notification N times byte-identical, at most C at once', async () => {
    const bodies: string[] = [];
    let underWay = 0;
    let most = 0;
    const port = await listenOnLoopback(
      createServer((req, res) => {
        underWay += 1;
        most = Math.max(most, underWay);
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          bodies.push(Buffer.concat(chunks).toString('utf8'));
          setTimeout(() => {
            underWay -= 1;
            res.writeHead(200).end('{}');
          }, 40);
        });
      }),
    );
    const { lines } = recording(3);
    const file = join(dir, 'three.ndjson');
    await writeFile(file, lines);
    const run = await runCli(
      ['replay', file, '--uri', `http://127.0.0.1:${port}/`, '--copies', '4', '--concurrency', '3'],
      { timeoutMs: 20_000 },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^sent 12 notification\(s\) to .*: 12 delivered, 0 failed/m);
    expect(run.stdout).toContain('each notification sent 4 times (--copies)');
    expect(bodies).toHaveLength(12);
    const recorded = lines
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).request.body as string);
    for (const body of recorded) expect(bodies.filter((b) => b === body)).toHaveLength(4);
    expect(most).toBe(3);
  }, 30_000);

  it('with --handled-count: a receiver without dedupe fails each notification, naming GUID and count', async () => {
    const log = join(dir, 'none.log');
    writeFileSync(log, '');
    const receiver = await startOnceReceiver('no-dedupe', 20, log);
    try {
      const { lines, guids } = recording(2);
      const file = join(dir, 'none.ndjson');
      await writeFile(file, lines);
      const run = await runCli(
        [
          ...['replay', file, '--uri', receiver.url, '--copies', '3', '--concurrency', '3'],
          ...['--handled-count', `grep -c -- "$CPN_GUID" '${log}'`],
        ],
        { timeoutMs: 20_000 },
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('handled exactly once: 0 of 2 notification(s)');
      for (const guid of guids)
        expect(run.stdout).toContain(
          `not handled once: ${guid} was handled 3 times, expected once`,
        );
    } finally {
      await receiver.close();
    }
  }, 30_000);

  it('with --handled-count: a receiver whose copies get 503 while the first is handled passes, exit 0', async () => {
    const log = join(dir, 'right.log');
    writeFileSync(log, '');
    const receiver = await startOnceReceiver('in-flight-503', 100, log);
    try {
      const { lines } = recording(2);
      const file = join(dir, 'right.ndjson');
      await writeFile(file, lines);
      const run = await runCli(
        [
          ...['replay', file, '--uri', receiver.url, '--copies', '3', '--concurrency', '3'],
          ...['--retry-max-attempts', '5', '--format', 'json'],
          ...['--handled-count', `grep -c -- "$CPN_GUID" '${log}'`],
        ],
        { timeoutMs: 30_000 },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as {
        delivered: number;
        copies: number;
        handled: { once: number; wrong: unknown[] };
      };
      expect(summary).toMatchObject({ delivered: 6, copies: 3, handled: { once: 2, wrong: [] } });
    } finally {
      await receiver.close();
    }
  }, 40_000);
});
