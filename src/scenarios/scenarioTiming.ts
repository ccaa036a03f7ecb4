/**
 * Scenario timings, scaled to the sender's response timeout so a short timeout keeps a run short
 * (with a 1 s timeout the whole catalog plays in a few seconds).
 */
export interface ScenarioTiming {
  /** How late a sender may give up on an unanswered attempt: timeout + this margin. */
  readonly giveUpMarginMs: number;
  /** Extra allowance for the sender's backoff when the give-up moment is only seen as the next attempt's start. */
  readonly backoffAllowanceMs: number;
  /** How long a `no-answer` step holds the request before answering 200 (well past give-up). */
  readonly noAnswerHoldMs: number;
}

/** The margin over the response timeout: half the timeout, at least 500 ms. */
export const GIVE_UP_MARGIN_FRACTION = 0.5;
/** The smallest margin over the response timeout, in ms. */
export const MIN_GIVE_UP_MARGIN_MS = 500;
/** The backoff a sender may take before a retry and still count as retrying promptly, in ms. */
export const BACKOFF_ALLOWANCE_MS = 1500;

/** The timings for a sender whose response timeout is `responseTimeout` seconds. */
export function scenarioTiming(responseTimeout: number): ScenarioTiming {
  const timeoutMs = responseTimeout * 1000;
  const giveUpMarginMs = Math.max(MIN_GIVE_UP_MARGIN_MS, GIVE_UP_MARGIN_FRACTION * timeoutMs);
  return {
    giveUpMarginMs,
    backoffAllowanceMs: BACKOFF_ALLOWANCE_MS,
    noAnswerHoldMs: Math.round(2 * timeoutMs + giveUpMarginMs + BACKOFF_ALLOWANCE_MS),
  };
}
