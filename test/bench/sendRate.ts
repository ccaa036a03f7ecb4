import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pinned } from './pinned.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/**
 * `cpn-kit send --pool-size 10 --fixture full` on core 0: its own notifications per second (without
 * the process start). Throws unless every notification was delivered.
 */
export function sendRate(url: string, count: number): number {
  const result = spawnSync(
    ...pinned(0, [
      cli,
      'send',
      '--uri',
      url,
      '--count',
      String(count),
      '--pool-size',
      '10',
      '--fixture',
      'full',
      '--format',
      'json',
    ]),
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (result.status !== 0)
    throw new Error(
      `cpn-kit send exited ${result.status}: ${result.stderr}${result.stdout.slice(0, 2000)}`,
    );
  const summary = JSON.parse(result.stdout) as { delivered: number; ratePerSecond: number };
  if (summary.delivered !== count)
    throw new Error(`cpn-kit send delivered ${summary.delivered} of ${count}`);
  return summary.ratePerSecond;
}
