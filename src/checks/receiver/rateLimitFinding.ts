import type { Finding } from '../../report/Report.js';
import { isRateLimited, type Exchange } from './Exchange.js';

/** What to do about a rate limit in front of the endpoint. */
export const RATE_LIMIT_ADVICE =
  "exempt OCS's address from the limit, or raise it above OCS's busiest minute";

/** ` (Retry-After: 60)` when the answer says when to come back; empty otherwise. */
export function retryAfterNote(e: Exchange): string {
  const after = e.headers?.['retry-after'];
  return after !== undefined ? ` (Retry-After: ${after})` : '';
}

/**
 * `rate-limit`, first in the report when some answers were 429 Too Many Requests and others were
 * not: a rate limit in front of the endpoint, which refused requests whatever their body (so no
 * refusal probe is passed by a 429), and OCS loses what it refuses. How many, from when, the
 * `Retry-After` it gave and the policy it announced. Undefined when no answer was a 429.
 */
export function rateLimitFinding(all: readonly Exchange[]): Finding | undefined {
  const sent = [...all].sort((a, b) => a.startedAt - b.startedAt);
  const at = sent.findIndex(isRateLimited);
  if (at < 0) return undefined;
  const first = sent[at]!;
  const limited = sent.filter(isRateLimited);
  const answeredBefore = sent.slice(0, at).filter((e) => e.status !== undefined).length;
  const policy = first.headers?.['ratelimit-policy'];
  return {
    id: 'rate-limit',
    title: 'no request is refused by a rate limit (HTTP 429)',
    status: 'fail',
    summary:
      `${limited.length} of ${sent.length} requests got HTTP 429 Too Many Requests` +
      `${retryAfterNote(first)}, the first after ${answeredBefore} were answered: a rate limit in ` +
      'front of the endpoint? OCS does not retry a 4xx unless http-retry-applies-to names it, so ' +
      `each of those notifications would be lost; ${RATE_LIMIT_ADVICE}`,
    details: [
      ...(policy !== undefined ? [`the policy it announced: RateLimit-Policy: ${policy}`] : []),
      ...limited.slice(0, 10).map((e) => `${e.label}: HTTP 429`),
    ],
  };
}
