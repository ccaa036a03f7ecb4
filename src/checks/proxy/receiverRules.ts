import { describeAttempt } from './attemptFacts.js';
import { validationOf } from './exchangeFacts.js';
import type { ProxyExchange } from './ProxyExchange.js';
import { rule } from '../../ocs/protocolRules.js';
import type {
  ProxyRule,
  RuleContext,
  TrackedNotification,
  Violation,
} from './TrackedNotification.js';

type Rule = (n: TrackedNotification, context: RuleContext) => Violation[];

const is2xx = (a: ProxyExchange) =>
  a.answer !== undefined && a.answer.status >= 200 && a.answer.status < 300;
const isValid = (a: ProxyExchange) => validationOf(a).valid;

/** No 3xx: OCS never follows a redirect, so each one fails the notification. */
const noRedirect: Rule = (n) =>
  n.attempts.flatMap((a, i) =>
    a.answer !== undefined && a.answer.status >= 300 && a.answer.status < 400
      ? [
          {
            rule: 'receiver-no-redirect' as const,
            text: `answered attempt ${i + 1} with ${describeAttempt(a)}: OCS never follows redirects`,
            attempts: [i + 1],
          },
        ]
      : [],
  );

/** Every answer within the response timeout. */
const inTime: Rule = (n, { timeoutSeconds, timeoutMs }) =>
  n.attempts.flatMap((a, i) => {
    if (a.answer !== undefined && (a.durationMs ?? 0) > timeoutMs)
      return [
        {
          rule: 'receiver-in-time' as const,
          text: `answered attempt ${i + 1} after ${Math.round(a.durationMs ?? 0)} ms, past the response timeout (${timeoutSeconds} s)`,
          attempts: [i + 1],
        },
      ];
    if (a.answer === undefined && a.targetFailure?.startsWith('no answer') === true)
      return [
        {
          rule: 'receiver-in-time' as const,
          text: `did not answer attempt ${i + 1} (${a.targetFailure})`,
          attempts: [i + 1],
        },
      ];
    return [];
  });

/** Never a 2xx to a message it cannot use: OCS would not resend it, and the data would be lost. */
const no2xxToInvalid: Rule = (n) =>
  n.attempts.flatMap((a, i) =>
    is2xx(a) && !isValid(a)
      ? [
          {
            rule: 'receiver-no-2xx-invalid' as const,
            text: `acknowledged attempt ${i + 1} (${a.answer!.status}), an invalid message: OCS will not resend it`,
            attempts: [i + 1],
          },
        ]
      : [],
  );

/** A valid notification acknowledged in the end; lost when every attempt was refused. */
const acknowledged: Rule = (n, { complete }) => {
  if (!complete || n.attempts.some(is2xx) || !isValid(n.attempts[0]!)) return [];
  if (n.attempts.every((a) => a.answer === undefined && a.proxyAnswer?.status === 502)) return [];
  const last = n.attempts.at(-1)!;
  return [
    {
      rule: 'receiver-acknowledged',
      text: `lost: no attempt of this valid notification was acknowledged (the last: ${describeAttempt(last)})`,
      attempts: n.attempts.map((_, i) => i + 1),
    },
  ];
};

/** A duplicate delivery (the same GUID again, after the target got it) is acknowledged, not refused. */
const duplicates: Rule = (n) =>
  n.attempts.flatMap((a, i) => {
    const earlier = n.attempts.slice(0, i);
    const duplicate =
      n.resendOf !== undefined ||
      earlier.some((e) => e.answer !== undefined || e.senderLeftAfterMs !== undefined);
    if (!duplicate || a.answer === undefined || is2xx(a) || a.answer.status >= 500 || !isValid(a))
      return [];
    return [
      {
        rule: 'receiver-duplicates' as const,
        text: `refused the duplicate delivery on attempt ${i + 1} with ${a.answer.status}: a retry of a notification it may already hold must get a 2xx`,
        attempts: [i + 1],
      },
    ];
  });

/** The receiver's rules, in the order the report lists them. */
export const receiverRules: readonly ProxyRule[] = [
  rule('receiver-no-redirect', noRedirect),
  rule('receiver-in-time', inTime),
  rule('receiver-no-2xx-invalid', no2xxToInvalid),
  rule('receiver-acknowledged', acknowledged),
  rule('receiver-duplicates', duplicates),
];
