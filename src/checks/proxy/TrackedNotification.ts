import {
  RECEIVER_RULES,
  SENDER_RULES,
  type ProtocolRuleId,
  type Rule,
} from '../../ocs/protocolRules.js';
import type { RetryPolicy } from '../../retry/retryPolicy.js';
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

/** The rules only a check sees: what the sender concluded (check-sender), the receiver's effects (check-receiver). */
type UnseenByProxy = 'sender-outcome' | 'receiver-handled-once';

/**
 * The rules the proxy judges (every protocol rule but those it cannot see on the wire), each with
 * what it checks; a finding of the report per rule.
 */
export const PROXY_RULES = (() => {
  const { 'sender-outcome': _concluded, ...sender } = SENDER_RULES;
  const { 'receiver-handled-once': _effects, ...receiver } = RECEIVER_RULES;
  return { ...sender, ...receiver };
})();

/** The id of a per-notification rule. */
export type ProxyRuleId = Exclude<ProtocolRuleId, UnseenByProxy>;

/** What the rules judge a notification with. */
export interface RuleContext {
  readonly policy: RetryPolicy;
  /** The response timeout in seconds (as said), and in ms (as measured). */
  readonly timeoutSeconds: number;
  readonly timeoutMs: number;
  /** False when the run ended before the notification was over: what is still to come is not judged. */
  readonly complete: boolean;
}

/** A protocol rule as the proxy applies it to one notification. */
export type ProxyRule = Rule<TrackedNotification, Violation, RuleContext>;
