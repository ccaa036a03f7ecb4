import { mapConcurrent } from '../../util/mapConcurrent.js';
import type { Exchange } from './Exchange.js';
import type { ReceiverCheck } from './ReceiverCheck.js';
import { sendExchange, type ReceiverTarget } from './sendExchange.js';

/** The most requests the check keeps under way at once against a receiver that answers promptly. */
export const MAX_CONCURRENT_REQUESTS = 8;

/**
 * How many requests may be under way at once, from the slowest answer to the first requests: as many
 * as keep a receiver that handles one request at a time well within the response timeout (half of
 * it), at most {@link MAX_CONCURRENT_REQUESTS}. A receiver that did not answer a first request in
 * time gets everything at once: each request is judged at the timeout anyway, and the run stays short.
 */
export function concurrencyFor(
  pilots: readonly Exchange[],
  timeoutSeconds: number,
  pending: number,
): number {
  if (pilots.some((e) => e.failure?.kind === 'timeout')) return Math.max(1, pending);
  const slowest = Math.max(1, ...pilots.map((e) => e.durationMs));
  return Math.max(
    1,
    Math.min(MAX_CONCURRENT_REQUESTS, Math.floor((timeoutSeconds * 1000) / (2 * slowest))),
  );
}

/**
 * Sends every check's requests and returns each check's exchanges (in the checks' order). A check's
 * requests go one after the other; checks run side by side. The first request of each check that
 * sends several goes first (the pilots, together); how fast they are answered sets how many of the
 * rest go at once. A hung receiver is so judged in about two response timeouts. `onCheckDone` is told
 * each check whose requests are all answered; once the target's signal aborts, nothing more is sent.
 */
export async function runChecks(
  checks: readonly ReceiverCheck[],
  target: ReceiverTarget,
  onCheckDone?: (index: number, exchanges: readonly Exchange[]) => void,
): Promise<Exchange[][]> {
  const results: Exchange[][] = checks.map(() => []);
  const pilots = checks.map((c, i) => [c, i] as const).filter(([c]) => c.requests.length > 1);
  const firsts = await Promise.all(
    pilots.map(([c]) => sendExchange(target, c.requests[0]!.label, c.requests[0]!.request)),
  );
  pilots.forEach(([, i], k) => results[i]!.push(firsts[k]!));
  const rest = checks
    .map((c, i) => [c, i] as const)
    .filter(([c, i]) => results[i]!.length < c.requests.length);
  const limit = concurrencyFor(firsts, target.timeoutSeconds, rest.length);
  await mapConcurrent(rest, limit, async ([check, i]) => {
    for (const { label, request } of check.requests.slice(results[i]!.length)) {
      if (target.signal?.aborted) return;
      results[i]!.push(await sendExchange(target, label, request));
    }
    if (!target.signal?.aborted) onCheckDone?.(i, results[i]!);
  });
  return results;
}
