import type { ProxyExchange } from './ProxyExchange.js';

/** One notification as the proxy saw it: its attempts, grouped by GUID (or by content), in order. */
export interface TrackedNotification {
  /** The GUID of its first attempt (or `(none)` for a request without one). */
  readonly guid: string;
  readonly attempts: ProxyExchange[];
  /** Requests to a `Location` one of its answers gave: a redirect followed. */
  readonly followed: { readonly exchange: ProxyExchange; readonly location: string }[];
  /** Locations its answers gave that lead away from the proxy: a request there cannot be seen. */
  readonly unseenLocations: string[];
  /** Set when it resends a notification already judged and forgotten: how that one ended. */
  readonly resendOf?: NotificationState;
  /** Another open notification with the same content: retry with a regenerated GUID, or new? */
  ambiguousWith?: string;
}

/**
 * How a notification ended: `delivered` (a 2xx), `lost` (a valid one never acknowledged),
 * `failed` (not acknowledged, and no rule says it should have been: an invalid message refused, a
 * target that could not be reached), or `open` when the run ended before it was over.
 */
export type NotificationState = 'delivered' | 'lost' | 'failed' | 'open';

/** How a notification ended, and what in it broke a rule, sender's and receiver's. */
export interface JudgedNotification {
  readonly notification: TrackedNotification;
  readonly state: NotificationState;
  readonly violations: readonly Violation[];
  /**
   * Set when an attempt came after the notification had been judged over (the sender's policy allowed
   * none): this judgement, with every attempt, replaces that one.
   */
  readonly amends?: JudgedNotification;
}

/** One broken rule in one notification. */
export interface Violation {
  readonly rule: ProxyRuleId;
  readonly text: string;
  /**
   * The attempts it is about, numbered from 1 as its text names them (the report marks them as part
   * of the defect); absent when it is about none of them (a redirect followed is a request of its own).
   */
  readonly attempts?: readonly number[];
}

/** The rules the proxy judges, each with what it checks; a finding of the report per rule. */
export const PROXY_RULES = {
  'sender-same-notification': 'every attempt carries the same bytes, GUID, ETag and GSW_TIMESTAMP',
  'sender-attempts': 'at most 1 + http-retry-max-attempts attempts per notification',
  'sender-retries': 'retried exactly when http-retry-applies-to names what went wrong',
  'sender-timeout': 'waited the response timeout before giving up on an attempt',
  'sender-redirects': 'never requested a Location it was given',
  'sender-valid': 'every request is a valid notification (envelope and body)',
  'receiver-no-redirect': 'never answered 3xx',
  'receiver-in-time': 'answered within the response timeout',
  'receiver-no-2xx-invalid': 'never acknowledged an invalid message',
  'receiver-acknowledged': 'acknowledged every valid notification (none lost)',
  'receiver-duplicates': 'acknowledged duplicate deliveries (same GUID again)',
} as const;

/** The id of a per-notification rule. */
export type ProxyRuleId = keyof typeof PROXY_RULES;
