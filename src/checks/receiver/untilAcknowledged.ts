import { is2xx, type Exchange, type OutgoingRequest } from './Exchange.js';
import { INTERRUPTED, sendExchange, type ReceiverTarget } from './sendExchange.js';
import { pause } from './settledCount.js';

/** The longest pause before a later copy, whatever `Retry-After` asks. */
const LONGEST_PAUSE_MS = 1000;
/** The pause before a later copy when the answer asks for none. */
const DEFAULT_PAUSE_MS = 250;

/** What OCS retries: no answer (given up, timed out, connection failed), a 5xx, a 429. */
function retried(e: Exchange): boolean {
  if (e.failure !== undefined)
    return e.failure.kind === 'timeout' || e.failure.text !== INTERRUPTED;
  return e.status !== undefined && (e.status >= 500 || e.status === 429);
}

/**
 * The pause an answer asks for before the next copy (its `Retry-After` in seconds), kept short: at
 * most 1 s, and at most a quarter of the response timeout, so that copies still fit in the time left.
 */
function pauseAfter(e: Exchange, timeoutMs: number): number {
  const seconds = Number(e.headers?.['retry-after']);
  const asked = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_PAUSE_MS;
  return Math.min(asked, LONGEST_PAUSE_MS, timeoutMs / 4);
}

/**
 * When no copy of a notification was acknowledged yet and the last answer is one OCS retries (a 503
 * for a copy that came while the first was being handled, say), sends the same bytes again, as OCS
 * would, after the pause the answer asks for (at most 1 s, and a quarter of the response timeout), until one is acknowledged or the time to
 * send another (`sendBy`, performance.now()) has passed. Adds the exchanges to `exchanges`.
 */
export async function untilAcknowledged(
  target: ReceiverTarget,
  exchanges: Exchange[],
  request: OutgoingRequest,
  sendBy: number,
): Promise<void> {
  for (let n = 1; !exchanges.some(is2xx) && retried(exchanges.at(-1)!); n++) {
    await pause(pauseAfter(exchanges.at(-1)!, target.timeoutMs), target.signal);
    if (performance.now() >= sendBy || target.signal?.aborted === true) return;
    exchanges.push(await sendExchange(target, `a later copy, as OCS retries (${n})`, request));
  }
}
