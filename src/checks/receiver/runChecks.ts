import { mapConcurrent } from '../../util/mapConcurrent.js';
import type { Exchange } from './Exchange.js';
import type { ReceiverCheck } from './ReceiverCheck.js';
import { sendExchange, type ReceiverTarget } from './sendExchange.js';

/** The most requests the check keeps under way at once against a receiver that answers promptly. */
export const MAX_CONCURRENT_REQUESTS = 8;

/**
 * How many requests may be under way at once, from the slowest answer to the first requests: as many
 * as keep a receiver that handles one request at a time well within the response timeout (half of
 * it), at most {@link MAX_CONCURRENT_REQUESTS}, and never more than OCS's pool allows (`poolSize`
 * connections: OCS never loads a receiver harder). A receiver that did not answer a first request in
 * time gets the whole pool: each request is judged at the timeout anyway.
 */
export function concurrencyFor(
  pilots: readonly Exchange[],
  timeoutSeconds: number,
  poolSize: number,
): number {
  if (pilots.some((e) => e.failure?.kind === 'timeout')) return poolSize;
  const slowest = Math.max(1, ...pilots.map((e) => e.durationMs));
  const prompt = Math.floor((timeoutSeconds * 1000) / (2 * slowest));
  return Math.max(1, Math.min(poolSize, MAX_CONCURRENT_REQUESTS, prompt));
}

/** What the check sent and got, check by check; and whether it stopped sending early. */
export interface ChecksSent {
  /** Each check's exchanges, in the checks' order; a check not (wholly) sent has fewer than its requests. */
  readonly exchanges: Exchange[][];
  /**
   * Set when nothing was sent past the first requests: none of them (at least two) got an answer
   * within the response timeout. The number of requests that were sent.
   */
  readonly stoppedAfter?: number;
}

/**
 * Sends every check's requests and returns each check's exchanges (in the checks' order). A check's
 * requests go one after the other; checks run side by side, never more at once than the target's
 * pool. The first request of each check that sends several goes first (the pilots); how fast they are
 * answered sets how many of the rest go at once. When none of the pilots got an answer in time, the
 * rest are not sent: one at a time, as OCS would send them, each would only wait out the timeout too.
 * `onCheckDone` is told each check whose requests are all answered; once the target's signal
 * aborts, nothing more is sent.
 */
export async function runChecks(
  checks: readonly ReceiverCheck[],
  target: ReceiverTarget,
  onCheckDone?: (index: number, exchanges: readonly Exchange[]) => void,
): Promise<ChecksSent> {
  const results: Exchange[][] = checks.map(() => []);
  const pilots = checks.map((c, i) => [c, i] as const).filter(([c]) => c.requests.length > 1);
  const firsts = await mapConcurrent(pilots, target.poolSize, ([c]) =>
    sendExchange(target, c.requests[0]!.label, c.requests[0]!.request),
  );
  pilots.forEach(([, i], k) => results[i]!.push(firsts[k]!));
  if (firsts.length >= 2 && firsts.every((e) => e.failure?.kind === 'timeout'))
    return { exchanges: results, stoppedAfter: firsts.length };
  const rest = checks
    .map((c, i) => [c, i] as const)
    .filter(([c, i]) => results[i]!.length < c.requests.length);
  const limit = concurrencyFor(firsts, target.timeoutSeconds, target.poolSize);
  await mapConcurrent(rest, limit, async ([check, i]) => {
    for (const { label, request } of check.requests.slice(results[i]!.length)) {
      if (target.signal?.aborted) return;
      results[i]!.push(await sendExchange(target, label, request));
    }
    if (!target.signal?.aborted) onCheckDone?.(i, results[i]!);
  });
  return { exchanges: results };
}
