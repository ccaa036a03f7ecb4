import type { ProtocolRuleId } from '../../ocs/protocolRules.js';
import type { Exchange, OutgoingRequest } from './Exchange.js';

/** A check's judgement of its exchanges. */
export interface Verdict {
  readonly ok: boolean;
  readonly summary: string;
  readonly details?: readonly string[];
}

/** What a check judges with: the response timeout, for the one wording of a missed one. */
export interface JudgeContext {
  readonly timeoutSeconds: number;
}

/**
 * One thing the receiver must do, as a table entry: the requests it sends (one after the other, a
 * later one only once the earlier was answered; independent checks run side by side) and how their
 * answers are judged.
 */
export interface ReceiverCheck {
  readonly id: string;
  readonly title: string;
  readonly requests: readonly { readonly label: string; readonly request: OutgoingRequest }[];
  judge(exchanges: readonly Exchange[], context: JudgeContext): Verdict;
  /** Set for a check whose requests are valid notifications (they should all be acknowledged). */
  readonly validMessages?: boolean;
  /**
   * The protocol rule a failure breaks; default `receiver-acknowledged` for valid notifications,
   * `receiver-no-2xx-invalid` for the others.
   */
  readonly rule?: ProtocolRuleId;
}

/** The protocol rule a failure of `check` breaks. */
export const ruleOf = (check: Pick<ReceiverCheck, 'rule' | 'validMessages'>): ProtocolRuleId =>
  check.rule ??
  (check.validMessages === true ? 'receiver-acknowledged' : 'receiver-no-2xx-invalid');
