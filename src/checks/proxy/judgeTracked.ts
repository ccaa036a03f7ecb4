import { receiverRules } from './receiverRules.js';
import { senderRules } from './senderRules.js';
import type {
  JudgedNotification,
  RuleContext,
  TrackedNotification,
} from './TrackedNotification.js';

/** A notification judged by every sender and receiver rule; `complete` false when the run ended first. */
export function judgeTracked(
  notification: TrackedNotification,
  context: RuleContext,
): JudgedNotification {
  const violations = [...senderRules, ...receiverRules].flatMap((rule) =>
    rule.judge(notification, context),
  );
  const delivered = notification.attempts.some(
    (a) => a.answer !== undefined && a.answer.status >= 200 && a.answer.status < 300,
  );
  const lost = violations.some((v) => v.rule === 'receiver-acknowledged');
  const state = delivered ? 'delivered' : !context.complete ? 'open' : lost ? 'lost' : 'failed';
  return { notification, state, violations };
}
