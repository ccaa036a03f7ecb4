import { freshContactProcessed } from '../../message/freshContactProcessed.js';
import type { ScenarioSession } from '../../scenarios/createScenarioSession.js';
import { expectedOutcome, stepFor, type Scenario } from '../../scenarios/Scenario.js';
import { mapConcurrent } from '../../util/mapConcurrent.js';
import type { CheckSenderOptions, ScenarioTarget, SenderTarget } from './checkSender.js';
import { DEFAULT_SENDER_CONCURRENCY } from './checkSenderDefaults.js';
import { playLimitMs, StartUpAllowance } from './runLimits.js';
import type { SenderProgress } from './SenderProgress.js';
import { superviseRun, type RunLimit } from './superviseRun.js';

/**
 * A rough play time, to start the longest scenarios first: each attempt a conforming sender makes,
 * a held one taking the response timeout (a scenario's last step repeats for every retry).
 */
function playTimeMs(session: ScenarioSession, scenario: Scenario): number {
  const timeoutMs = session.settings.responseTimeoutMs;
  let total = 0;
  for (let i = 0; i < expectedOutcome(scenario, session.settings).attempts; i++) {
    const step = stepFor(scenario, i);
    total +=
      step.kind === 'no-answer'
        ? timeoutMs
        : step.kind === 'status'
          ? (step.delayFraction ?? 0) * timeoutMs
          : 0;
  }
  return total;
}

/** What the sender under test is told for the whole catalog. */
export function wholeTarget(session: ScenarioSession): SenderTarget {
  const { settings } = session;
  return {
    url: session.url,
    count: session.count,
    retryMaxAttempts: settings.retryMaxAttempts,
    retryAppliesTo: settings.retryAppliesTo,
    responseTimeout: settings.responseTimeout,
  };
}

/** What one scenario's run is held to: `--duration` from its start, or start-up then play. */
function limitOf(
  session: ScenarioSession,
  scenario: Scenario,
  options: CheckSenderOptions,
  allowance: StartUpAllowance,
): { limit: RunLimit; hardMs: number } {
  if (options.duration !== undefined) {
    const fixedMs = options.duration * 1000;
    return { limit: { fixedMs }, hardMs: fixedMs };
  }
  const startUpMs = allowance.current();
  const playMs = (took: number) => playLimitMs(session, scenario, took);
  return { limit: { startUpMs, playMs }, hardMs: startUpMs + playMs(startUpMs) };
}

/**
 * Plays every scenario with its own URL and its own run of the sender, several at a time, longest
 * first; each run is judged as soon as it is over (and a snapshot handed on). Stops starting runs,
 * and stops the ones under way, when the check's signal aborts.
 */
export async function playEachScenario(
  session: ScenarioSession,
  options: CheckSenderOptions,
  send: NonNullable<CheckSenderOptions['send']>,
  progress: SenderProgress,
): Promise<void> {
  const { signal } = options;
  const order = [...session.scenarios].sort(
    (a, b) => playTimeMs(session, b) - playTimeMs(session, a),
  );
  const allowance = new StartUpAllowance();
  await mapConcurrent(
    order,
    options.concurrency ?? DEFAULT_SENDER_CONCURRENCY,
    async (scenario) => {
      if (signal?.aborted) return;
      const { limit, hardMs } = limitOf(session, scenario, options, allowance);
      progress.runStartedAt[scenario.id] = session.now();
      const run = await superviseRun({
        play: (runSignal) => {
          const target: ScenarioTarget = {
            ...wholeTarget(session),
            url: session.urlFor(scenario.id),
            count: 1,
            scenarioId: scenario.id,
            message: freshContactProcessed(),
            limitMs: hardMs,
            signal: runSignal,
          };
          return send(target);
        },
        firstRequest: (ms, s) => session.waitForFirstAttempt(scenario.id, ms, s),
        limit,
        onStartUp: (ms) => allowance.measured(ms),
        clock: () => session.now(),
        ...(signal !== undefined ? { signal } : {}),
      });
      // A retry still under way when the run ended (a sender that does not wait for it) is seen out.
      await session.waitForScenario(scenario.id, session.timing.giveUpMarginMs, signal);
      if (!signal?.aborted) progress.judged(scenario.id, run);
    },
  );
}
