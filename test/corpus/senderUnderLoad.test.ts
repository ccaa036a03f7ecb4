/**
 * check-sender on a busy CI runner: three runs at once of the built CLI, with the docs' fast setting
 * (`--response-timeout 1`), while a busy loop holds each core. A conformant sender gets no false FAIL,
 * and a defective one still gets exactly its failing findings. (The suite runs this inside the
 * machine's CPU lock: the load is made on purpose.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/Report.js';
import { runCli } from '../cli/runCli.js';
import { senderCorpus } from './senders/senderCorpus.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The reference sender, as docs/sender.md runs it under check-sender. */
const REFERENCE =
  'node dist/cli/main.js send --uri "$CPN_URL" --count "$CPN_COUNT" --retry-max-attempts ' +
  '"$CPN_RETRY_MAX_ATTEMPTS" --response-timeout "$CPN_RESPONSE_TIMEOUT" --quiet';

/** One busy loop per core, each ending by itself after `seconds` at the latest. */
function busyLoops(seconds: number): ChildProcess[] {
  const code = `const end = Date.now() + ${seconds * 1000}; while (Date.now() < end) {}`;
  return Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', code], { stdio: 'ignore' }),
  );
}

async function checkSender(command: string, flags: readonly string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'cpn-sender-load-'));
  const result = await runCli(
    ['check-sender', '--exec', command, '--json', join(dir, 'report.json'), ...flags],
    { cwd: root, timeoutMs: 150_000 },
  );
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
  return { ...result, report, shown: `${result.stdout}${result.stderr}` };
}

describe('check-sender under load: three runs at once, a busy loop on every core', () => {
  it('no false FAIL for the reference sender, the exact FAILs for a defective one', async () => {
    const naive = senderCorpus.find((entry) => entry.name === 'fetch-naive')!;
    const flags = ['--retry-max-attempts', '2', '--response-timeout', '1'];
    const loops = busyLoops(150);
    try {
      const [first, second, defective] = await Promise.all([
        checkSender(REFERENCE, flags),
        checkSender(REFERENCE, flags),
        checkSender(naive.command, naive.flags),
      ]);
      for (const run of [first, second]) {
        expect(
          run.report.findings.filter((f) => f.status !== 'pass'),
          run.shown,
        ).toEqual([]);
        expect(run.code, run.shown).toBe(0);
      }
      const failed = defective.report.findings.filter((f) => f.status === 'fail');
      expect(failed.map((f) => f.id).sort(), defective.shown).toEqual(
        Object.keys(naive.expectedFailures).sort(),
      );
      for (const finding of failed)
        expect(finding.summary, defective.shown).toMatch(naive.expectedFailures[finding.id]!);
      expect(defective.code, defective.shown).toBe(1);
    } finally {
      for (const loop of loops) loop.kill('SIGKILL');
    }
  }, 180_000);
});
