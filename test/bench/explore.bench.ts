/**
 * check-receiver --explore, against the figures issue 20 asks for:
 * - Rate: the CLI (a child process) explores the reference receiver (in this process) on one
 *   connection, `--explore-runs 200`: generated notifications per second over the exploration's own
 *   time (the findings' durations). Target: ≥ 200 /s.
 * - Shrinking: the three corpus receivers the fixed checks pass and --explore fails, seeds 1 to 5:
 *   the most further requests shrinking one failure took (a failure whose shrinking stopped at its
 *   limit counts one more than the limit). Target: ≤ 100.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exploreReceiver } from '../../src/checks/explore/exploreReceiver.js';
import { SHRINK_REQUESTS } from '../../src/checks/explore/exploreProperty.js';
import { exploreSettings } from '../../src/checks/explore/exploreSettings.js';
import { startReceiver } from '../../src/receiver/startReceiver.js';
import type { Report } from '../../src/report/Report.js';
import { receiverCorpus } from '../corpus/receivers/receiverCorpus.js';
import type { BenchFigure } from './Bench.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const RUNS = 200;

/** Runs the CLI in a child process (the receiver stays responsive in this one). */
function runCli(args: readonly string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'ignore' });
    child.on('close', resolve);
  });
}

/** Generated notifications per second the CLI sends the reference receiver on one connection. */
async function exploreRate(): Promise<number> {
  const running = await startReceiver({ port: 0, path: '/notifications' });
  const dir = mkdtempSync(join(tmpdir(), 'cpn-kit-bench-explore-'));
  try {
    const file = join(dir, 'r.json');
    const args = ['check-receiver', running.url, '--explore', '--explore-runs', String(RUNS)];
    const code = await runCli([...args, '--seed', '1', '--json', file]);
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    if (code !== 0) throw new Error('bench: --explore failed the reference receiver');
    const explore = report.findings.filter((f) => f.id.startsWith('explore-'));
    const seconds = explore.reduce((sum, f) => sum + f.durationMs!, 0) / 1000;
    return (explore.length * RUNS) / seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await running.close();
  }
}

/** The most further requests shrinking took, over the corpus receivers --explore fails and 5 seeds. */
async function mostShrinkRequests(): Promise<number> {
  let most = 0;
  for (const entry of receiverCorpus.filter((e) => e.explore !== undefined)) {
    const receiver = await entry.start();
    try {
      for (let seed = 1; seed <= 5; seed++) {
        const findings = await exploreReceiver(exploreSettings({ seed }), {
          url: receiver.url,
          headers: {},
          timeoutSeconds: 5,
          timeoutMs: 5000,
          startedAt: performance.now(),
          ca: undefined,
          view: { timeoutSeconds: 5, hidden: new Set() },
        });
        for (const line of findings.flatMap((f) => f.details ?? [])) {
          const shrink =
            /^found at run \d+ of \d+, shrunk with (\d+) further requests( \(shrinking stopped)?/.exec(
              line,
            );
          if (shrink === null) continue;
          most = Math.max(most, Number(shrink[1]) + (shrink[2] !== undefined ? 1 : 0));
        }
      }
    } finally {
      await receiver.close();
    }
  }
  return most > SHRINK_REQUESTS ? SHRINK_REQUESTS + 1 : most;
}

export default async function exploreBench(): Promise<BenchFigure[]> {
  const rate = await exploreRate();
  const shrink = await mostShrinkRequests();
  return [
    {
      name: `check-receiver --explore, reference receiver, one connection (notifications/s)`,
      value: rate,
      unit: '/s',
      baselineName: 'the target of issue 20',
      baselineValue: 200,
      target: 1,
    },
    {
      name: 'check-receiver --explore, shrinking a failure (most further requests; 3 receivers × 5 seeds)',
      value: shrink,
      unit: 'requests',
      baselineName: 'the limit of issue 20',
      baselineValue: 100,
      target: 1,
      lowerIsBetter: true,
    },
  ];
}
