import { setTimeout as delay } from 'node:timers/promises';
import type { ScenarioSession } from '../../scenarios/createScenarioSession.js';
import type { CheckSenderOptions } from './checkSender.js';
import { wholeTarget } from './playEachScenario.js';
import type { SenderProgress } from './SenderProgress.js';
import { superviseRun } from './superviseRun.js';

/**
 * Runs the sender once for the whole catalog (one URL, one new GUID per scenario); each scenario is
 * judged as soon as it has settled.
 */
export async function playWholeCatalog(
  session: ScenarioSession,
  options: CheckSenderOptions,
  run: NonNullable<CheckSenderOptions['run']>,
  progress: SenderProgress,
  limitMs: number,
): Promise<void> {
  const unobservable =
    'the sender ran once for every scenario, so its outcome per notification is not known';
  progress.ranOnce({ unobservable });
  const stopWatching = progress.judgeAsSettled();
  try {
    const result = await superviseRun({
      play: (signal) => run({ ...wholeTarget(session), signal }),
      limit: { fixedMs: limitMs },
      clock: () => session.now(),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    await session.waitUntilSettled(session.timing.giveUpMarginMs, options.signal);
    progress.ranOnce({ ...result, outcome: undefined, unobservable });
  } finally {
    stopWatching();
  }
}

/** Waits for a sender that is not ours to start (a real OCS, a sender started by hand). */
export async function awaitOutsideSender(
  session: ScenarioSession,
  options: CheckSenderOptions,
  progress: SenderProgress,
  limitMs: number,
): Promise<void> {
  progress.ranOnce({
    unobservable: 'a sender outside the check keeps its outcomes to itself (a real OCS logs them)',
  });
  const { signal } = options;
  const stopWatching = progress.judgeAsSettled();
  try {
    // After the last expected attempt, give straggling retries (of a sender that retries too much) time to show.
    if (await session.waitUntilSettled(limitMs, signal))
      await delay(
        session.timing.giveUpMarginMs + session.timing.backoffAllowanceMs,
        undefined,
        signal !== undefined ? { signal } : {},
      ).catch(() => undefined); // interrupted: the report says so
  } finally {
    stopWatching();
  }
}
