import { sameJson } from '../../util/sameJson.js';
import { statusClass } from '../../report/answerClassOf.js';
import type { AnswerClass, ExchangeRecord, Timeline } from '../../report/Report.js';
import { exchangeBody } from '../../report/exchangeBody.js';
import { redirectTargetAnswer } from '../../scenarios/createScenarioSession.js';
import type { RecordedAttempt, RedirectHit } from '../../scenarios/ScenarioPlay.js';
import { earlyWait, lateWait } from './attemptTiming.js';
import { describeAttempt, stepOf, type ScenarioFacts } from './scenarioFacts.js';

/** True when a retry is the same notification as the first attempt: the same ETag and the same message. */
function sameNotification(first: RecordedAttempt, a: RecordedAttempt): boolean {
  if (a.headers.etag !== first.headers.etag) return false;
  if (first.message === undefined || a.message === undefined)
    return Buffer.from(a.body).equals(Buffer.from(first.body));
  const keys = new Set([...Object.keys(first.message), ...Object.keys(a.message)]);
  return [...keys].every((key) => sameJson(first.message![key], a.message![key]));
}

/**
 * Whether an attempt is what a conforming sender does here (the scenario rules, attempt by attempt):
 * one it should make at all, the same notification as the first, not given up on well before the
 * response timeout, not waited on well past it.
 */
function asExpected(facts: ScenarioFacts, a: RecordedAttempt, i: number): boolean {
  const { attempts, expected } = facts;
  if (i >= expected.attempts || !sameNotification(attempts[0]!, a)) return false;
  return earlyWait(facts, i) === undefined && lateWait(facts, i) === undefined;
}

/** What came of an attempt, in a few words: `answered 503`, `no answer (held past the timeout)`. */
function outcomeOf(facts: ScenarioFacts, a: RecordedAttempt): string {
  const step = stepOf(facts, a);
  if (step.kind === 'no-answer')
    return a.answer !== undefined
      ? `answered ${a.answer.status} only past the timeout`
      : 'no answer (held past the timeout)';
  if (a.answer !== undefined) return `answered ${a.answer.status}`;
  if (step.kind === 'status' && a.clientClosedAt !== undefined)
    return 'the sender left before the answer';
  return describeAttempt(a);
}

/** What came back to an attempt: the answer played, a dropped connection, or nothing in time. */
function answerClassOf(facts: ScenarioFacts, a: RecordedAttempt): AnswerClass {
  if (a.answer !== undefined) return statusClass(a.answer.status);
  return stepOf(facts, a).kind === 'reset' ? 'connection-failed' : 'no-answer';
}

/** A request for a redirect's Location: the session answers it at once (its headers are not kept). */
const followed = (hit: RedirectHit, first: number): ExchangeRecord => ({
  label: 'followed the redirect',
  startMs: Math.max(0, hit.at - first),
  durationMs: 0,
  outcome: hit.inferredFromFetchMode
    ? "fetch's redirect: 'follow' requests the Location"
    : 'requested the Location (never to be followed)',
  ok: false,
  answerClass: statusClass(redirectTargetAnswer.status),
  request: { method: hit.method, url: hit.url, headers: {} },
  answer: {
    status: redirectTargetAnswer.status,
    headers: redirectTargetAnswer.headers,
    body: redirectTargetAnswer.body,
  },
});

/**
 * A scenario's attempts as a report timeline against the response timeout: each request as it
 * arrived (method, URL, headers, body) with the answer the scenario played and its class, from the
 * first attempt's start; `ok` when the attempt is what a conforming sender does (a 500 rightly
 * retried too), not when it is part of the defect. A redirect the sender followed is a row of its
 * own, part of the defect.
 */
export function scenarioTimeline(facts: ScenarioFacts): Timeline {
  const first = facts.attempts[0]?.startedAt ?? 0;
  const attempts = facts.attempts.map((a, i): ExchangeRecord => {
    const end = a.respondedAt ?? a.clientClosedAt;
    return {
      label: `attempt ${i + 1}`,
      startMs: a.startedAt - first,
      ...(end !== undefined ? { durationMs: end - a.startedAt } : {}),
      outcome: outcomeOf(facts, a),
      ok: asExpected(facts, a, i),
      answerClass: answerClassOf(facts, a),
      request: {
        method: a.method,
        url: a.url,
        headers: a.headers,
        ...(a.body.byteLength > 0 ? { body: exchangeBody(a.body) } : {}),
      },
      ...(a.answer !== undefined
        ? {
            answer: {
              status: a.answer.status,
              headers: a.answer.headers,
              ...(a.answer.body !== null ? { body: a.answer.body } : {}),
            },
          }
        : {}),
    };
  });
  return {
    limitMs: facts.settings.responseTimeoutMs,
    exchanges: [...attempts, ...facts.redirectHits.map((hit) => followed(hit, first))],
  };
}
