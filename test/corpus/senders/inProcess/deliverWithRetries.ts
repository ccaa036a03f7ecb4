/**
 * The retry loop the in-process corpus senders share, as a relay writes it around its HTTP client:
 * one attempt after another with the same body, retried as the policy says, a short backoff.
 */
import {
  retries,
  statusCondition,
  type RetryCondition,
  type RetryPolicy,
} from '../../../../src/retry/retryPolicy.js';

/** What one attempt met: the final status, or a failure without one. */
export type AttemptResult = number | 'timeout' | 'connection-failure';

/** Sends until delivered or the policy stops; never rejects. */
export async function deliverWithRetries(
  policy: RetryPolicy,
  attempt: () => Promise<AttemptResult>,
): Promise<'delivered' | 'failed'> {
  for (let n = 1; ; n++) {
    const result = await attempt();
    const condition: RetryCondition | undefined =
      typeof result === 'number' ? statusCondition(result) : result;
    if (condition === undefined) return 'delivered';
    if (!retries(policy, condition, n)) return 'failed';
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The headers OCS sends, with the sender's own User-Agent left to its client. */
export const notificationHeaders = (guid: string): Record<string, string> => ({
  'content-type': 'application/json',
  etag: guid,
  accept: '*/*',
});
