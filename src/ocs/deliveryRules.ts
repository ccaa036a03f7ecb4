import type { DeliveryRule } from './Delivery.js';
import { followMechanism } from './followMechanism.js';
import { rule } from './protocolRules.js';
import { retryChanges } from './retryChanges.js';
import { fetchFollowModeWords, followedRedirectWords } from './senderWords.js';

/**
 * The sender rules that read the same whoever observed the delivery, written once over the one
 * model ({@link Delivery}): check-sender (over a socket and under MSW) and the proxy judge with these
 * very functions. The rules whose judgement rests on what only one check knows — the scenario's
 * planned answers and timing margins in check-sender, the live retry policy against real answers in
 * the proxy — keep an adapter of their own, in the words of `senderWords.ts` and the ids of
 * `protocolRules.ts`.
 */

/** Every retry is the very same notification: GUID, ETag, GSW_TIMESTAMP, every other field, the bytes. */
export const sameNotificationRule: DeliveryRule = rule('sender-same-notification', (delivery) =>
  retryChanges(
    delivery.attempts.map((a) => ({ message: a.message, etag: a.headers.etag, body: a.body })),
  ),
);

/** Never requested a Location it was given; the client's own setting that followed it, when known. */
export const noRedirectRule: DeliveryRule = rule('sender-redirects', (delivery) =>
  delivery.followed.map((hit) => ({
    text: hit.inferredFromFetchMode
      ? fetchFollowModeWords(hit.method, hit.url)
      : followedRedirectWords(hit.method, hit.url, followMechanism(hit)),
  })),
);

/** What the sender concluded matches what the receiver did: delivered only after a 2xx, failed only without one. */
export const outcomeRule: DeliveryRule = rule('sender-outcome', ({ attempts, concluded }) => {
  if (concluded === undefined) return [];
  const acked = attempts.findIndex((attempt) => attempt.acknowledged);
  const ended = concluded.ended !== undefined ? ` (${concluded.ended})` : '';
  if (concluded.outcome === 'delivered' && acked === -1) {
    const last = attempts.at(-1)?.describe() ?? 'no attempt reached it';
    return [
      {
        text: `reported the notification as delivered${ended}, though the receiver never acknowledged it: ${last}`,
      },
    ];
  }
  if (concluded.outcome === 'failed' && acked !== -1)
    return [
      {
        text: `reported the notification as failed${ended}, though attempt ${acked + 1} was ${attempts[acked]!.describe()}`,
        attempts: [acked + 1],
      },
    ];
  return [];
});
