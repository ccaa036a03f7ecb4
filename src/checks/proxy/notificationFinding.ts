import { statusClass } from '../../report/answerClassOf.js';
import { exchangeBody } from '../../report/exchangeBody.js';
import type { AnswerClass, ExchangeRecord, Finding, FindingStatus } from '../../report/Report.js';
import { counted } from '../../util/counted.js';
import { describeAttempt, statusSeen } from './attemptFacts.js';
import type { ProxyExchange } from './ProxyExchange.js';
import type { JudgedNotification } from './TrackedNotification.js';

/**
 * What came back to the sender: the target's answer's class; for the proxy's own 502/504 what the
 * target did (its connection failed, or it did not answer in time); nothing when the sender left first.
 */
function answerClassOf(exchange: ProxyExchange): AnswerClass {
  const status = statusSeen(exchange);
  if (status === undefined) return 'no-answer';
  if (exchange.answer !== undefined || exchange.targetFailure === undefined)
    return statusClass(status);
  return exchange.targetFailure.startsWith('no answer') ? 'no-answer' : 'connection-failed';
}

/** One request of a notification as a report row, `ok` unless a broken rule is about it. */
function exchangeRecord(
  exchange: ProxyExchange,
  first: number,
  label: string,
  ok: boolean,
): ExchangeRecord {
  const waited = exchange.senderLeftAfterMs ?? exchange.durationMs;
  return {
    label,
    startMs: exchange.startedAt - first,
    ...(waited !== undefined ? { durationMs: waited } : {}),
    outcome: describeAttempt(exchange),
    ok,
    answerClass: answerClassOf(exchange),
    request: {
      method: exchange.method,
      url: exchange.path,
      headers: exchange.headers,
      body: exchangeBody(exchange.body),
    },
    ...(exchange.answer !== undefined
      ? {
          answer: {
            status: exchange.answer.status,
            headers: exchange.answer.headers,
            body: exchangeBody(exchange.answer.body),
          },
        }
      : {}),
  };
}

/** A notification in one line: how it ended and each attempt, e.g. `delivered after 2 attempts (503 in 3 ms; 200 in 5 ms)`. */
function stateText({ state, notification }: JudgedNotification): string {
  if (state === 'open') return 'still open at the end';
  const acknowledgedToSender = notification.attempts.some(
    (a) => a.answer !== undefined && a.answer.status < 300 && a.senderLeftAfterMs === undefined,
  );
  if (state === 'delivered' && !acknowledgedToSender)
    return 'accepted by the receiver only after the sender had given up';
  if (state === 'failed') return 'not delivered';
  return state;
}

/**
 * A judged notification's status: `fail` when it broke a rule, `warn` while open, `pass` delivered,
 * `skip` when it was not delivered and no rule says it should have been (the target never answered).
 */
export function judgedStatus(judged: JudgedNotification): FindingStatus {
  if (judged.violations.length > 0) return 'fail';
  return judged.state === 'open' ? 'warn' : judged.state === 'failed' ? 'skip' : 'pass';
}

export function describeJudged(judged: JudgedNotification): string {
  const { attempts } = judged.notification;
  return `${stateText(judged)} after ${counted(attempts.length, 'attempt')} (${attempts.map(describeAttempt).join('; ')})`;
}

/**
 * A judged notification as a report finding, with its attempts as a timeline: each with what came
 * back, and part of the defect when a broken rule names it (a redirect followed always is).
 */
export function notificationFinding(judged: JudgedNotification, timeoutSeconds: number): Finding {
  const { notification, violations } = judged;
  const first = notification.attempts[0]?.startedAt ?? 0;
  const blamed = new Set(violations.flatMap((v) => v.attempts ?? []));
  const exchanges = [
    ...notification.attempts.map((a, i) =>
      exchangeRecord(a, first, `attempt ${i + 1}`, !blamed.has(i + 1)),
    ),
    ...notification.followed.map((f) =>
      exchangeRecord(f.exchange, first, `followed ${f.location}`, false),
    ),
  ];
  const status = judgedStatus(judged);
  return {
    id: `notification ${notification.guid}`,
    title: `notification ${notification.guid}`,
    status,
    summary: describeJudged(judged),
    ...(violations.length > 0 ? { details: violations.map((v) => `${v.rule}: ${v.text}`) } : {}),
    ...(status === 'fail' ? { rules: [...new Set(violations.map((v) => v.rule))] } : {}),
    timeline: { limitMs: timeoutSeconds * 1000, exchanges },
  };
}
