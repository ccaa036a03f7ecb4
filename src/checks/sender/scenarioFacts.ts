import type { Delivery } from '../../ocs/Delivery.js';
import { ms } from '../../util/durationText.js';
import {
  expectedOutcome,
  stepFor,
  type Scenario,
  type ScenarioStep,
  type SenderExpectation,
} from '../../scenarios/Scenario.js';
import type { Ambiguity, RecordedAttempt, RedirectHit } from '../../scenarios/ScenarioPlay.js';
import type { ScenarioTiming } from '../../scenarios/scenarioTiming.js';
import type { ScenarioRun } from './SenderRun.js';
import { counted } from '../../util/counted.js';
import { NO_LAG, type LagReading } from '../LagMeter.js';
import { effectiveExpectation } from './attemptTiming.js';

/** Everything the judge knows about one scenario. */
export interface ScenarioFacts {
  readonly scenario: Scenario;
  readonly settings: SenderExpectation;
  readonly timing: ScenarioTiming;
  readonly attempts: readonly RecordedAttempt[];
  readonly redirectHits: readonly RedirectHit[];
  readonly run: ScenarioRun;
  readonly expected: { readonly attempts: number; readonly delivered: boolean };
  /** Set when a later notification could have been this scenario's retry with a regenerated GUID and timestamp. */
  readonly ambiguity?: Ambiguity;
  /** When the sender's run for this scenario started (ms on the session's clock), when the check started it. */
  readonly runStartedAt?: number;
  /** The check's own event-loop lag, by which timings it measured can be off. */
  readonly lag: LagReading;
}

/** What the check measured besides the wire: when the run started, and its own lag. */
export interface MeasuredTiming {
  readonly runStartedAt?: number;
  readonly lag?: LagReading;
}

export function scenarioFacts(
  scenario: Scenario,
  context: { readonly settings: SenderExpectation; readonly timing: ScenarioTiming },
  attempts: readonly RecordedAttempt[],
  redirectHits: readonly RedirectHit[],
  run: ScenarioRun,
  ambiguity?: Ambiguity,
  measured: MeasuredTiming = {},
): ScenarioFacts {
  const facts: ScenarioFacts = {
    scenario,
    settings: context.settings,
    timing: context.timing,
    attempts,
    redirectHits: redirectHits.filter((h) => h.scenarioId === scenario.id),
    run,
    expected: expectedOutcome(scenario, context.settings),
    ...(ambiguity !== undefined ? { ambiguity } : {}),
    ...(measured.runStartedAt !== undefined ? { runStartedAt: measured.runStartedAt } : {}),
    lag: measured.lag ?? NO_LAG,
  };
  return { ...facts, expected: effectiveExpectation(facts) };
}

export const attemptsText = (n: number) => counted(n, 'attempt');

/** The step an attempt met. */
export const stepOf = (facts: ScenarioFacts, attempt: RecordedAttempt): ScenarioStep =>
  stepFor(facts.scenario, attempt.index);

/** What happened to one attempt, in a few words: `answered 500`, `abandoned by the sender after 3 ms`. */
export function describeAttempt(attempt: RecordedAttempt): string {
  if (attempt.response !== '' && attempt.response !== 'held without answering')
    return attempt.response;
  if (attempt.clientClosedAt !== undefined) {
    const held = attempt.response === 'held without answering' ? 'held without answering; ' : '';
    return `${held}abandoned by the sender after ${ms(attempt.clientClosedAt - attempt.startedAt)}`;
  }
  return attempt.response || 'unanswered';
}

/** The story of a scenario: `2 attempts (answered 500; answered 200)`. */
export function story(attempts: readonly RecordedAttempt[]): string {
  return `${attemptsText(attempts.length)} (${attempts.map(describeAttempt).join('; ')})`;
}

/** The scenario's delivery, as the rules written once over the delivery model read it. */
export function scenarioDelivery(facts: ScenarioFacts): Delivery {
  const { outcome, ended } = facts.run;
  return {
    attempts: facts.attempts.map((attempt) => ({
      method: attempt.method,
      headers: attempt.headers,
      body: attempt.body,
      message: attempt.message,
      acknowledged: acknowledged(attempt),
      describe: () => describeAttempt(attempt),
    })),
    followed: facts.redirectHits,
    ...(outcome !== undefined
      ? { concluded: { outcome, ...(ended !== undefined ? { ended } : {}) } }
      : {}),
  };
}

/** True when the receiver answered this attempt with a 2xx. */
export const acknowledged = (attempt: RecordedAttempt) =>
  attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;
