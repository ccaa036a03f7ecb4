/**
 * Cold start of `cpn-kit validate` on one file against `node -e 0`, each spawned ~15 times in
 * alternation; the median wall time of each is compared. Target: ≤ 2 × `node -e 0`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtures } from '../../src/message/fixtures.js';
import type { BenchFigure } from './Bench.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const runs = 15;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall time of one child process in milliseconds; throws when it does not exit as expected. */
function timed(args: readonly string[], expectedCode: number): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== expectedCode)
    throw new Error(
      `bench: node ${args.join(' ')} exited ${result.status}: ${String(result.stderr)}`,
    );
  return ms;
}

export default async function cliStartBench(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cpn-kit-bench-'));
  try {
    const file = join(dir, 'full.json');
    writeFileSync(file, JSON.stringify(fixtures.full.message, null, 2));
    // One warm-up of each fills the OS file cache, as in a CI job that has just installed.
    timed(['-e', '0'], 0);
    timed([cli, 'validate', file], 0);
    const cliTimes: number[] = [];
    const nodeTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      nodeTimes.push(timed(['-e', '0'], 0));
      cliTimes.push(timed([cli, 'validate', file], 0));
    }
    return [
      {
        name: 'cpn-kit validate FILE (cold start, median of 15)',
        value: median(cliTimes),
        unit: 'ms',
        baselineName: 'node -e 0',
        baselineValue: median(nodeTimes),
        target: 2,
        lowerIsBetter: true,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
