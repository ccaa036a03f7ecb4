import { exchangeBody } from '../../report/exchangeBody.js';
import type { ExchangeRecord, Finding } from '../../report/Report.js';
import { counted } from '../../util/counted.js';
import { describeAttempt, statusSeen } from './attemptFacts.js';
import type { ProxyExchange } from './ProxyExchange.js';
import type { JudgedNotification } from './TrackedNotification.js';

function exchangeRecord(exchange: ProxyExchange, first: number, label: string): ExchangeRecord {
  const status = statusSeen(exchange);
  const waited = exchange.senderLeftAfterMs ?? exchange.durationMs;
  return {
    label,
    startMs: exchange.startedAt - first,
    ...(waited !== undefined ? { durationMs: waited } : {}),
    outcome: describeAttempt(exchange),
    ok: status !== undefined && status >= 200 && status < 300,
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
  return state;
}

export function describeJudged(judged: JudgedNotification): string {
  const { attempts } = judged.notification;
  return `${stateText(judged)} after ${counted(attempts.length, 'attempt')} (${attempts.map(describeAttempt).join('; ')})`;
}

/** A judged notification as a report finding, with its attempts as a timeline. */
export function notificationFinding(judged: JudgedNotification, timeoutSeconds: number): Finding {
  const { notification, violations } = judged;
  const first = notification.attempts[0]?.startedAt ?? 0;
  const exchanges = [
    ...notification.attempts.map((a, i) => exchangeRecord(a, first, `attempt ${i + 1}`)),
    ...notification.followed.map((f) => ({
      ...exchangeRecord(f.exchange, first, `followed ${f.location}`),
      ok: false,
    })),
  ];
  const status = violations.length > 0 ? 'fail' : judged.state === 'open' ? 'warn' : 'pass';
  return {
    id: `notification ${notification.guid}`,
    title: `notification ${notification.guid}`,
    status,
    summary: describeJudged(judged),
    ...(violations.length > 0 ? { details: violations.map((v) => `${v.rule}: ${v.text}`) } : {}),
    timeline: { limitMs: timeoutSeconds * 1000, exchanges },
  };
}
