import {
  backoffDelayMs,
  retries,
  statusCondition,
  type RetryCondition,
  type RetryPolicy,
} from '../retry/retryPolicy.js';
import { classifyError } from '../ocs/classifyError.js';
import type { AttemptOutcome } from './sendAttempt.js';
import { counted } from '../util/counted.js';

/** How one notification ended. `send` never rejects for network or HTTP reasons. */
export interface SendResult {
  readonly guid: string;
  readonly outcome: 'delivered' | 'failed';
  /** Why it failed (absent when delivered). */
  readonly reason?: string;
  /** Requests made (0 when nothing was sent, e.g. disabled). */
  readonly attempts: number;
  /** The last HTTP status received, if any. */
  readonly lastStatus?: number;
  readonly durationMs: number;
}

/** One attempt's outcome, emitted as `attempt`. */
export interface AttemptEvent {
  readonly guid: string;
  /** 1 for the first attempt, 2 for the first retry... */
  readonly attempt: number;
  readonly status?: number;
  /** Set when the attempt did not succeed: the failure in one line. */
  readonly reason?: string;
  /** Which retry condition the failure falls under (`undefined` on success). */
  readonly condition?: RetryCondition;
  readonly durationMs: number;
  /** Whether another attempt follows. */
  readonly willRetry: boolean;
}

/** What the retry loop needs: the policy, one attempt, the pause, and where to report. */
export interface Delivery {
  readonly policy: RetryPolicy;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  readonly responseTimeout: number;
  /** Sends the same bytes once more. */
  attempt(): Promise<AttemptOutcome>;
  /** False once the sender is closed: no further retry. */
  open(): boolean;
  onAttempt?(event: AttemptEvent): void;
}

/** An attempt's failure in the retry policy's terms, and in words. */
function failureOf(
  outcome: AttemptOutcome,
  responseTimeout: number,
): { condition: RetryCondition; reason: string } {
  if (outcome.status === undefined)
    return classifyError(outcome.error, outcome.timedOut, responseTimeout);
  const { status } = outcome;
  const condition = statusCondition(status) ?? '4xx';
  if (status >= 300 && status < 400)
    return { condition, reason: `HTTP ${status} redirect (redirects are never followed)` };
  return {
    condition,
    reason: status < 200 ? `HTTP ${status} is not a final status` : `HTTP ${status}`,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Where a notification's retries happen: sends the same bytes until an attempt is answered 2xx, the
 * policy says a failure is not retried, or 1 + `retryMaxAttempts` attempts were made; pauses by the
 * backoff between attempts. Never follows a redirect (a 3xx is a failure).
 */
export async function deliverWithRetries(
  guid: string,
  delivery: Delivery,
): Promise<Omit<SendResult, 'durationMs'>> {
  let lastStatus: number | undefined;
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const outcome = await delivery.attempt();
    const durationMs = () => performance.now() - started;
    if (outcome.status !== undefined) lastStatus = outcome.status;
    if (outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300) {
      delivery.onAttempt?.({
        guid,
        attempt,
        status: outcome.status,
        durationMs: durationMs(),
        willRetry: false,
      });
      return { guid, outcome: 'delivered', attempts: attempt, lastStatus: outcome.status };
    }
    const { condition, reason } = failureOf(outcome, delivery.responseTimeout);
    const applies = delivery.policy.retryAppliesTo.includes(condition);
    const willRetry = retries(delivery.policy, condition, attempt) && delivery.open();
    delivery.onAttempt?.({
      guid,
      attempt,
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
      reason,
      condition,
      durationMs: durationMs(),
      willRetry,
    });
    if (!willRetry) {
      const why = !applies
        ? `${reason} (not retried: ${condition} is not in http-retry-applies-to)`
        : !delivery.open()
          ? `${reason} (not retried: the sender was closed)`
          : `${reason} (gave up after ${counted(attempt, 'attempt')})`;
      return {
        guid,
        outcome: 'failed',
        reason: why,
        attempts: attempt,
        ...(lastStatus !== undefined ? { lastStatus } : {}),
      };
    }
    await sleep(backoffDelayMs(attempt, delivery.backoff));
  }
}
