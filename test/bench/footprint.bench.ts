/**
 * Installed footprint: the packed kit (`npm pack` of a clean copy, prepack building it) installed
 * into a fresh project with no peer dependency, then `du -sk node_modules` — what a team's install
 * grows by when it adds cpn-kit without msw or Pact. Against the 10 MB budget; target ≤ 1 × the budget.
 */
import { rm } from 'node:fs/promises';
import { describeRun, installIntoFreshProject, packKit, runCommand } from '../package/packKit.js';
import type { BenchFigure } from './Bench.js';

/** The budget, in KB (du -sk's unit). */
const BUDGET_KB = 10 * 1024;

export default async function footprintBench(): Promise<BenchFigure[]> {
  const { dir } = await installIntoFreshProject(await packKit());
  try {
    const du = await runCommand('du', ['-sk', 'node_modules'], { cwd: dir, timeoutMs: 30_000 });
    if (du.code !== 0) throw new Error(describeRun('bench: du -sk node_modules', du));
    const kb = Number(du.stdout.split(/\s/)[0]);
    if (!(kb > 0))
      throw new Error(`bench: du -sk node_modules printed ${JSON.stringify(du.stdout)}`);
    return [
      {
        name: 'installed footprint (node_modules of a project with only cpn-kit, no peers)',
        value: kb,
        unit: 'KB',
        baselineName: 'the 10 MB budget',
        baselineValue: BUDGET_KB,
        target: 1,
        lowerIsBetter: true,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
