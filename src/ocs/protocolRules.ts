/**
 * The rules of the contact-processed notification protocol, each once: its id and what it checks.
 * The three checks judge against these ids — check-sender (over the wire and under MSW) and the proxy
 * name a sender's defect by the same rule, the proxy and check-receiver a receiver's — so a defect
 * reads as the same rule wherever it was seen.
 */
export const SENDER_RULES = {
  'sender-same-notification': 'every attempt carries the same bytes, GUID, ETag and GSW_TIMESTAMP',
  'sender-attempts': 'at most 1 + http-retry-max-attempts attempts per notification',
  'sender-retries': 'retried exactly when http-retry-applies-to names what went wrong',
  'sender-timeout': 'waited the response timeout before giving up on an attempt',
  'sender-redirects': 'never requested a Location it was given',
  'sender-valid': 'every request is a valid notification (envelope and body)',
  'sender-outcome': 'reported delivered only after a 2xx, and failed only without one',
} as const;

export const RECEIVER_RULES = {
  'receiver-no-redirect': 'never answered 3xx',
  'receiver-in-time': 'answered within the response timeout',
  'receiver-no-2xx-invalid': 'never acknowledged an invalid message',
  'receiver-acknowledged': 'acknowledged every valid notification (none lost)',
  'receiver-duplicates': 'acknowledged duplicate deliveries (same GUID again)',
  'receiver-handled-once': 'handled each notification once, however often it came (an effect)',
} as const;

export type SenderRuleId = keyof typeof SENDER_RULES;
export type ReceiverRuleId = keyof typeof RECEIVER_RULES;
export type ProtocolRuleId = SenderRuleId | ReceiverRuleId;

/** What the rule `id` checks, in a few words. */
export const ruleTitle = (id: ProtocolRuleId): string =>
  (SENDER_RULES as Record<string, string>)[id] ?? (RECEIVER_RULES as Record<string, string>)[id]!;

/** A rule's id with its title, for a rule object written out (`{ ...ruleHead(id), judge }`). */
export const ruleHead = (id: ProtocolRuleId) => ({ id, title: ruleTitle(id) }) as const;

/**
 * One rule of the protocol as a check applies it to what it observed (`Facts`): its id, what it
 * checks, and the problems it finds (`Found`: one line each, or a richer record), none when it holds.
 */
export interface Rule<Facts, Found = string, Context = void> {
  readonly id: ProtocolRuleId;
  readonly title: string;
  judge(facts: Facts, context: Context): readonly Found[];
}

/** A rule over `Facts` with its title from the table above. */
export function rule<Facts, Found = string, Context = void>(
  id: ProtocolRuleId,
  judge: (facts: Facts, context: Context) => readonly Found[],
): Rule<Facts, Found, Context> {
  return { ...ruleHead(id), judge };
}
