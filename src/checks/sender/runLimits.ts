import type { ScenarioSession } from '../../scenarios/createScenarioSession.js';
import { stepFor, type Scenario } from '../../scenarios/Scenario.js';

/**
 * How long a sender's run may take, in parts: starting up (until its first request reaches the
 * check), playing the scenario (every attempt held to the end, plus backoffs), and finishing (exiting
 * once it has its answer). Start-up is measured, not assumed: on a busy CI machine a process (npx, an
 * interpreter loading its HTTP client) can take many seconds to send anything, and that is not the
 * sender's defect.
 */

/** The least a run is given to start up, and to finish after its scenario has played, in ms. */
export const RUN_STARTUP_MS = 10_000;

/**
 * The start-up allowance before any start-up was measured in this check: the first runs all start at
 * once, on a machine whose load is not known yet.
 */
export const FIRST_START_UP_MS = 30_000;

/** A start-up allowance, as a multiple of the slowest start-up measured so far. */
const START_UP_FACTOR = 3;

/** How long a conforming sender plays a scenario, at most: every attempt held to the end, plus backoffs. */
export function scenarioPlayMs(session: ScenarioSession, scenario: Scenario): number {
  const { timing, settings } = session;
  let total = 0;
  for (let i = 0; i < 1 + settings.retryMaxAttempts; i++)
    total +=
      (stepFor(scenario, i).kind === 'no-answer'
        ? timing.noAnswerHoldMs
        : settings.responseTimeoutMs) + timing.backoffAllowanceMs;
  return Math.round(total);
}

/** How long a run may take once its first request arrived `startUpMs` after it started. */
export function playLimitMs(
  session: ScenarioSession,
  scenario: Scenario,
  startUpMs: number,
): number {
  // A process that was slow to start is as slow to exit: finishing gets as long as starting took.
  return scenarioPlayMs(session, scenario) + Math.max(RUN_STARTUP_MS, Math.round(startUpMs));
}

/** The whole limit of a run with the base start-up allowance (a run for the whole catalog adds these up). */
export function scenarioLimitMs(session: ScenarioSession, scenario: Scenario): number {
  return RUN_STARTUP_MS + scenarioPlayMs(session, scenario);
}

/**
 * The start-up allowance of the runs of one check, learnt as they start: generous until a start-up
 * was measured ({@link FIRST_START_UP_MS}), then three times the slowest one measured and at least
 * {@link RUN_STARTUP_MS}. Once a run sent nothing within its allowance, a sender that never sends is
 * not waited for that long again.
 */
export class StartUpAllowance {
  #slowest: number | undefined;
  #silent = false;

  /** The allowance for a run starting now, in ms. */
  current(): number {
    if (this.#slowest !== undefined)
      return Math.max(RUN_STARTUP_MS, Math.round(START_UP_FACTOR * this.#slowest));
    return this.#silent ? RUN_STARTUP_MS : FIRST_START_UP_MS;
  }

  /** A run sent its first request `ms` after it started, or (undefined) sent nothing in time. */
  measured(ms: number | undefined): void {
    if (ms === undefined) this.#silent = true;
    else this.#slowest = Math.max(this.#slowest ?? 0, ms);
  }
}
