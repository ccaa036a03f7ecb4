import {
  retries,
  retryPolicy,
  statusCondition,
  type RetryCondition,
  type RetryPolicy,
} from '../retry/retryPolicy.js';

/** What the receiver does to one attempt. */
export type ScenarioStep =
  /**
   * Answers with this status (and headers); `delayFraction` of the response timeout later when given
   * (a slow receiver).
   */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly delayFraction?: number;
    }
  /** Reads the request and never answers within the sender's timeout (answers 200 much later). */
  | { readonly kind: 'no-answer' }
  /** Reads the request and drops the connection without a response. */
  | { readonly kind: 'reset' };

/**
 * One thing a receiver can do to a sender, and what a conforming sender must do about it. Attempt
 * `n` (0-based) gets `steps[min(n, steps.length - 1)]`: the last step repeats.
 */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** What the receiver does, for people. */
  readonly receiver: string;
  /** What a conforming sender must do, for people (the judge checks it). */
  readonly expectation: string;
  readonly steps: readonly ScenarioStep[];
}

/** The settings of the sender under test that the judge holds it to: its retry policy and response timeout. */
export interface SenderExpectation extends RetryPolicy {
  /** `http-response-timeout` in seconds, as OCS, flags and reports give it. */
  readonly responseTimeout: number;
  /** The same in milliseconds, as the judge measures. */
  readonly responseTimeoutMs: number;
}

/** Fills in the assumed retry policy around a timeout; throws an OptionError naming a bad setting. */
export function senderExpectation(
  partial: Partial<RetryPolicy> & { readonly responseTimeout: number },
): SenderExpectation {
  const { responseTimeout, ...retry } = partial;
  const { retryMaxAttempts, retryAppliesTo } = retryPolicy(retry);
  return {
    retryMaxAttempts,
    retryAppliesTo,
    responseTimeout,
    responseTimeoutMs: responseTimeout * 1000,
  };
}

/** The step that attempt `index` (0-based) meets. */
export function stepFor(scenario: Scenario, index: number): ScenarioStep {
  return scenario.steps[Math.min(index, scenario.steps.length - 1)]!;
}

/** The failure kind of a step in retry-policy terms, or `undefined` for success (2xx). */
export function stepCondition(step: ScenarioStep): RetryCondition | undefined {
  if (step.kind === 'no-answer') return 'timeout';
  if (step.kind === 'reset') return 'connection-failure';
  return statusCondition(step.status);
}

/**
 * What a conforming sender does in a scenario under given settings: how many attempts, and whether
 * it ends delivered.
 */
export function expectedOutcome(
  scenario: Scenario,
  settings: RetryPolicy,
): { readonly attempts: number; readonly delivered: boolean } {
  for (let attempt = 1; ; attempt++) {
    const condition = stepCondition(stepFor(scenario, attempt - 1));
    if (condition === undefined) return { attempts: attempt, delivered: true };
    if (!retries(settings, condition, attempt)) return { attempts: attempt, delivered: false };
  }
}
