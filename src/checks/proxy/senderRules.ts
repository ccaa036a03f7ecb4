import { rule } from '../../ocs/protocolRules.js';
import type { DeliveryRule } from '../../ocs/Delivery.js';
import { noRedirectRule, sameNotificationRule } from '../../ocs/deliveryRules.js';
import {
  gaveUpEarlyWords,
  notRetriedWords,
  retriedAcknowledgedWords,
  retriedPastMaxWords,
  retriedUnnamedWords,
  waitedForLateAnswerWords,
} from '../../ocs/senderWords.js';
import { retries } from '../../retry/retryPolicy.js';
import { scenarioTiming } from '../../scenarios/scenarioTiming.js';
import { earlyGiveUpMs } from '../../ocs/earlyGiveUpMs.js';
import { describeAttempt, senderCondition } from './attemptFacts.js';
import { validationOf } from './exchangeFacts.js';
import { trackedDelivery } from './trackedDelivery.js';
import type {
  ProxyRule,
  ProxyRuleId,
  RuleContext,
  TrackedNotification,
  Violation,
} from './TrackedNotification.js';

type Rule = (n: TrackedNotification, context: RuleContext) => Violation[];

/** A rule written once over the delivery model, judged on the notification's delivery. */
const onDelivery = (shared: DeliveryRule): ProxyRule =>
  rule(shared.id, (n) =>
    shared.judge(trackedDelivery(n)).map(({ text, attempts }) => ({
      rule: shared.id as ProxyRuleId,
      text,
      ...(attempts !== undefined ? { attempts } : {}),
    })),
  );

/** No more than 1 + http-retry-max-attempts attempts. */
const attemptCount: Rule = (n, { policy }) => {
  const allowed = 1 + policy.retryMaxAttempts;
  if (n.attempts.length <= allowed) return [];
  const last = n.attempts[allowed - 1]!;
  return [
    {
      rule: 'sender-attempts',
      text:
        `${retriedPastMaxWords(allowed, describeAttempt(last), policy.retryMaxAttempts)}; ` +
        `${n.attempts.length} attempts`,
      attempts: n.attempts.slice(allowed).map((_, i) => i + 1 + allowed),
    },
  ];
};

/** Retried only after what http-retry-applies-to names, and retried whenever it does. */
const retriedAsConfigured: Rule = (n, { policy, complete }) => {
  const out: Violation[] = n.attempts.slice(0, -1).flatMap((attempt, i) => {
    const condition = senderCondition(attempt);
    const answered = describeAttempt(attempt);
    if (condition === undefined)
      return [
        {
          rule: 'sender-retries' as const,
          text: retriedAcknowledgedWords(i + 1, answered),
          attempts: [i + 2],
        },
      ];
    if (policy.retryAppliesTo.includes(condition)) return [];
    return [
      {
        rule: 'sender-retries' as const,
        text: retriedUnnamedWords(i + 1, answered, condition, policy.retryAppliesTo),
        attempts: [i + 2],
      },
    ];
  });
  const last = n.attempts.at(-1)!;
  const condition = senderCondition(last);
  if (complete && condition !== undefined && retries(policy, condition, n.attempts.length))
    out.push({
      rule: 'sender-retries',
      text: notRetriedWords(
        n.attempts.length,
        condition,
        describeAttempt(last),
        policy.retryMaxAttempts,
      ),
      attempts: [n.attempts.length],
    });
  return out;
};

/** Waited the response timeout: not far less (gave up early), not far more (waited past it). */
const waitedTheTimeout: Rule = (n, { timeoutSeconds, timeoutMs }) =>
  n.attempts.flatMap((attempt, i) => {
    const left = attempt.senderLeftAfterMs;
    const answeredAt = attempt.durationMs;
    const marginMs = scenarioTiming(timeoutSeconds).giveUpMarginMs;
    const limitMs = timeoutMs + marginMs;
    if (
      left !== undefined &&
      (answeredAt === undefined || answeredAt > left) &&
      left < earlyGiveUpMs(timeoutSeconds)
    )
      return [
        {
          rule: 'sender-timeout' as const,
          text: gaveUpEarlyWords(i + 1, left, timeoutSeconds),
          attempts: [i + 1],
        },
      ];
    if (
      attempt.answer !== undefined &&
      left === undefined &&
      answeredAt !== undefined &&
      answeredAt > limitMs
    )
      return [
        {
          rule: 'sender-timeout' as const,
          text: waitedForLateAnswerWords({
            attempt: i + 1,
            waitedMs: answeredAt,
            timeoutSeconds,
            marginMs,
          }),
          attempts: [i + 1],
        },
      ];
    return [];
  });

/** Every request a valid notification: POST, headers, the body the schema accepts (each error once). */
const validRequests: Rule = (n) => {
  const messages = new Map<string, number[]>();
  n.attempts.forEach((a, i) => {
    for (const { message } of validationOf(a).errors)
      messages.set(message, [...(messages.get(message) ?? []), i + 1]);
  });
  return [...messages].map(([text, attempts]) => ({
    rule: 'sender-valid' as const,
    text,
    attempts,
  }));
};

/** The sender's rules, in the order the report lists them. */
export const senderRules: readonly ProxyRule[] = [
  onDelivery(sameNotificationRule),
  rule('sender-attempts', attemptCount),
  rule('sender-retries', retriedAsConfigured),
  rule('sender-timeout', waitedTheTimeout),
  onDelivery(noRedirectRule),
  rule('sender-valid', validRequests),
];
