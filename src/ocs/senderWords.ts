import { ms, seconds } from '../util/durationText.js';

/**
 * The words of a sender's defects, once for every check: check-sender (over a socket and under MSW)
 * and the proxy say a give-up, a wait past the timeout and a followed redirect the same way.
 */

const timeout = (timeoutSeconds: number) => `the response timeout (${timeoutSeconds} s)`;

/** Gave up on attempt `attempt` (from 1) after `waitedMs`, well before the response timeout. */
export const gaveUpEarlyWords = (attempt: number, waitedMs: number, timeoutSeconds: number) =>
  `gave up on attempt ${attempt} after ${ms(waitedMs)}, before ${timeout(timeoutSeconds)}`;

/** What a wait on an attempt that got no answer in time is measured against. */
export interface LateAnswerWait {
  /** From 1. */
  readonly attempt: number;
  readonly waitedMs: number;
  readonly timeoutSeconds: number;
  /** The margin past the timeout the wait was judged with. */
  readonly marginMs: number;
  /** Why the sender may have waited, e.g. "does it set a response timeout?". */
  readonly hint?: string;
}

/** Kept waiting on an attempt until the receiver's late answer, past the timeout and its margin. */
export const waitedForLateAnswerWords = (wait: LateAnswerWait) =>
  `did not give up on attempt ${wait.attempt}, which got no answer: it waited ` +
  `${seconds(wait.waitedMs)}, until the receiver's late answer` +
  `${wait.hint === undefined ? '' : ` (${wait.hint})`}; a sender gives up after ` +
  `${timeout(wait.timeoutSeconds)} (+ ${seconds(wait.marginMs)} margin)`;

/** Requested the Location of a redirect (`mechanism`: the client's own setting that followed, when known). */
export const followedRedirectWords = (method: string, url: string, mechanism?: string) =>
  `followed the redirect: ${method} ${url} (${mechanism === undefined ? '' : `${mechanism}; `}` +
  'redirects must never be followed)';

/** In-process: fetch was called to follow redirects, so on a socket it requests the Location. */
export const fetchFollowModeWords = (method: string, url: string) =>
  `followed the redirect: fetch was called with redirect: 'follow' (its default), so on ` +
  `a socket it requests ${method} ${url}; redirects must never be followed (use redirect: 'manual')`;

const retriesText = (n: number) => `${n} retr${n === 1 ? 'y' : 'ies'}`;

/** Tried attempt `attempt` + 1 after a 2xx on attempt `attempt` (`answered`: how it was answered). */
export const retriedAcknowledgedWords = (attempt: number, answered: string) =>
  `retried after attempt ${attempt} (${answered}), though it had been acknowledged`;

/** Retried after a condition http-retry-applies-to does not name. */
export const retriedUnnamedWords = (
  attempt: number,
  answered: string,
  condition: string,
  appliesTo: readonly string[],
) =>
  `retried after attempt ${attempt} (${answered}), but ${condition} is not retried ` +
  `(http-retry-applies-to: ${appliesTo.join(', ') || 'none'})`;

/** Retried past what http-retry-max-attempts allows. */
export const retriedPastMaxWords = (attempt: number, answered: string, retryMaxAttempts: number) =>
  `retried after attempt ${attempt} (${answered}), but at most ${retryMaxAttempts} ` +
  `retr${retryMaxAttempts === 1 ? 'y is' : 'ies are'} allowed (http-retry-max-attempts)`;

/** Gave up where the policy retries: the condition is named and a retry is still allowed. */
export const notRetriedWords = (
  attempt: number,
  condition: string,
  answered: string,
  retryMaxAttempts: number,
) =>
  `not retried: attempt ${attempt} met ${condition} (${answered}), which ` +
  `http-retry-applies-to names, and http-retry-max-attempts allows ${retriesText(retryMaxAttempts)}`;
