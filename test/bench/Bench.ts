/**
 * One benchmark figure, always next to a baseline measured in the same run: the machine is noisy,
 * so only the ratio is compared with the target.
 */
export interface BenchFigure {
  /** What was measured, e.g. `validateContactProcessed (full fixture)`. */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baselineName: string;
  readonly baselineValue: number;
  /** The target for value / baselineValue (or baselineValue / value when `lowerIsBetter`). */
  readonly target: number;
  /** For times and memory: value / baseline must stay at or under the target. */
  readonly lowerIsBetter?: boolean;
}

/** A benchmark module's default export. */
export type Bench = () => Promise<readonly BenchFigure[]>;

/** The ratio compared with the target. */
export function ratioOf(figure: BenchFigure): number {
  return figure.value / figure.baselineValue;
}

/** Whether a figure meets its target: at least the target, or at most it when lower is better. */
export function meetsTarget(figure: BenchFigure): boolean {
  const ratio = ratioOf(figure);
  return figure.lowerIsBetter ? ratio <= figure.target : ratio >= figure.target;
}

/** Calls `fn` repeatedly for about `ms` milliseconds and returns calls per second. */
export function opsPerSecond(fn: () => unknown, ms = 1000): number {
  let calls = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 1000; i++) fn();
    calls += 1000;
    elapsed = process.hrtime.bigint() - start;
  }
  return calls / (Number(elapsed) / 1e9);
}
