/**
 * Validation throughput: `validateContactProcessed` on the full fixture (every field) against
 * `JSON.parse` of the same message's text, measured in alternating rounds of the same run.
 * Target: validations/s ≥ 0.75 × JSON.parse/s.
 */
import { fixtures } from '../../src/message/fixtures.js';
import { validateContactProcessed } from '../../src/message/validateContactProcessed.js';
import { opsPerSecond, type BenchFigure } from './Bench.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export default async function validateBench(): Promise<BenchFigure[]> {
  const text = JSON.stringify(fixtures.full.message);
  const message = JSON.parse(text) as unknown;
  if (!validateContactProcessed(message).valid)
    throw new Error('bench: the full fixture is not valid');
  let sink = 0;
  const validate = () => {
    sink += validateContactProcessed(message).warnings.length;
  };
  const parse = () => {
    sink += (JSON.parse(text) as object) === null ? 1 : 0;
  };
  // Warm both up, then alternate rounds so that machine noise hits both alike.
  opsPerSecond(validate, 300);
  opsPerSecond(parse, 300);
  const validateRates: number[] = [];
  const parseRates: number[] = [];
  for (let round = 0; round < 5; round++) {
    (globalThis as { gc?: () => void }).gc?.();
    validateRates.push(opsPerSecond(validate, 400));
    (globalThis as { gc?: () => void }).gc?.();
    parseRates.push(opsPerSecond(parse, 400));
  }
  if (sink < 0) throw new Error('unreachable');
  return [
    {
      name: `validateContactProcessed (full fixture, ${text.length} bytes)`,
      value: median(validateRates),
      unit: 'ops/s',
      baselineName: 'JSON.parse of the same text',
      baselineValue: median(parseRates),
      target: 0.75,
    },
  ];
}
