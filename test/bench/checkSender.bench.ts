/**
 * check-sender's engine with the reference sender in-process (as the demo runs it), response timeout
 * 1 s: the report's duration for the whole catalog against its duration for no-answer-always alone,
 * the longest scenario (with 2 retries, three attempts that each run the whole timeout). Scenarios
 * play side by side, longest first, so the whole catalog should take little more than its longest
 * scenario. Target: ≤ 1.2 ×. Median of 3 runs each.
 */
import { checkSender, type ScenarioTarget } from '../../src/checks/sender/checkSender.js';
import { getScenario } from '../../src/scenarios/scenarioCatalog.js';
import { createSender } from '../../src/sender/createSender.js';
import type { BenchFigure } from './Bench.js';

const send = async (t: ScenarioTarget) => {
  const sender = createSender({
    uri: t.url,
    retryMaxAttempts: t.retryMaxAttempts,
    responseTimeout: t.responseTimeout,
  });
  try {
    return (await sender.send(t.message)).outcome;
  } finally {
    await sender.close();
  }
};

async function duration(scenarioIds?: readonly string[]): Promise<number> {
  const report = await checkSender({
    retryMaxAttempts: 2,
    responseTimeout: 1,
    send,
    ...(scenarioIds ? { scenarios: scenarioIds.map(getScenario) } : {}),
  });
  if (report.findings.some((f) => f.status === 'fail'))
    throw new Error(
      `bench: the reference sender failed: ${JSON.stringify(report.findings.filter((f) => f.status === 'fail'))}`,
    );
  return report.durationMs;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export default async function checkSenderBench(): Promise<BenchFigure[]> {
  await duration(['ok-200']); // warm-up
  const alone: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < 3; i++) {
    alone.push(await duration(['no-answer-always']));
    whole.push(await duration());
  }
  return [
    {
      name: 'check-sender, whole catalog, reference sender, --response-timeout 1 (report duration)',
      value: median(whole),
      unit: 'ms',
      baselineName: 'no-answer-always alone',
      baselineValue: median(alone),
      target: 1.2,
      lowerIsBetter: true,
    },
  ];
}
