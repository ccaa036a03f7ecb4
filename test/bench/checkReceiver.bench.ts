/**
 * check-receiver as a user runs it (the CLI, a child process) against the reference receiver on
 * loopback, and against a hung receiver at --response-timeout 2.
 * - Healthy: wall time against `node -e 0` in the same run. Target ≤ 11 ×, which is 1.0 s where
 *   `node -e 0` takes ~90 ms (this machine); median of 5.
 * - Hung: the report's duration against the response timeout. Target ≤ 4.5 × (2 × timeout + 5 s
 *   = 9 s at 2 s).
 * - The retry race (`exactly-once-retry-race`, --handled-count a `grep -c` of the receiver's log)
 *   against the reference receiver whose handler takes 0.5 s, at a pool of 1 (the first delivery
 *   given up, its handling waited for until the timeout): the finding's duration against the
 *   response timeout of 2 s. Target ≤ 2 ×.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startReceiver } from '../../src/receiver/startReceiver.js';
import type { BenchFigure } from './Bench.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs the CLI in a child process (the receiver stays responsive in this one) and returns its wall time. */
function wall(
  args: readonly string[],
): Promise<{ ms: number; stdout: string; code: number | null }> {
  return new Promise((resolve) => {
    const start = performance.now();
    // Not spawnSync: this process serves the receiver meanwhile.
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('close', (code: number | null) =>
      resolve({ ms: performance.now() - start, stdout, code }),
    );
  });
}

export default async function checkReceiverBench(): Promise<BenchFigure[]> {
  const running = await startReceiver({ port: 0, path: '/notifications' });
  const hung: Server = createServer((req) => req.resume());
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  try {
    await wall([cli, 'check-receiver', running.url, '--response-timeout', '2']); // warm-up
    const node: number[] = [];
    const healthy: number[] = [];
    for (let i = 0; i < 5; i++) {
      node.push(spawnWall(['-e', '0']));
      const run = await wall([cli, 'check-receiver', running.url, '--response-timeout', '2']);
      if (run.code !== 0)
        throw new Error(`bench: check-receiver failed the reference receiver:\n${run.stdout}`);
      healthy.push(run.ms);
    }
    const hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/notifications`;
    const dir = mkdtempSync(join(tmpdir(), 'cpn-kit-bench-'));
    await wall([
      cli,
      'check-receiver',
      hungUrl,
      '--response-timeout',
      '2',
      '--json',
      join(dir, 'hung.json'),
    ]);
    const reported = (
      JSON.parse(readFileSync(join(dir, 'hung.json'), 'utf8')) as { durationMs: number }
    ).durationMs;
    const race = await raceCheckMs(dir);
    rmSync(dir, { recursive: true, force: true });
    return [
      {
        name: 'check-receiver, healthy local receiver (wall, median of 5)',
        value: median(healthy),
        unit: 'ms',
        baselineName: 'node -e 0',
        baselineValue: median(node),
        target: 11,
        lowerIsBetter: true,
      },
      {
        name: 'check-receiver, hung receiver at --response-timeout 2 (report duration)',
        value: reported,
        unit: 'ms',
        baselineName: 'the response timeout',
        baselineValue: 2000,
        target: 4.5,
        lowerIsBetter: true,
      },
      {
        name: 'check-receiver --handled-count, the retry race (a 0.5 s handler, pool of 1, timeout 2 s)',
        value: race,
        unit: 'ms',
        baselineName: 'the response timeout',
        baselineValue: 2000,
        target: 2,
        lowerIsBetter: true,
      },
    ];
  } finally {
    hung.closeAllConnections();
    hung.close();
    await running.close();
  }
}

/** The duration of exactly-once-retry-race against a reference receiver whose handler takes 0.5 s. */
async function raceCheckMs(dir: string): Promise<number> {
  const log = join(dir, 'handled.log');
  writeFileSync(log, '');
  const slow = await startReceiver({
    port: 0,
    path: '/notifications',
    onNotification: async ({ guid }) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      appendFileSync(log, `${guid}\n`);
    },
  });
  try {
    const json = join(dir, 'race.json');
    const args = ['--response-timeout', '2', '--json', json];
    const count = ['--handled-count', `grep -c -- "$CPN_GUID" '${log}'`];
    const run = await wall([cli, 'check-receiver', slow.url, ...args, ...count]);
    if (run.code !== 0)
      throw new Error(`bench: the race check failed the reference receiver:\n${run.stdout}`);
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      findings: { id: string; durationMs?: number }[];
    };
    return report.findings.find((f) => f.id === 'exactly-once-retry-race')!.durationMs!;
  } finally {
    await slow.close();
  }
}

function spawnWall(args: readonly string[]): number {
  const start = performance.now();
  spawnSync(process.execPath, args, { stdio: 'ignore' });
  return performance.now() - start;
}
