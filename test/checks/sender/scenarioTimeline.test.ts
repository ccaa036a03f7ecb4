import { describe, expect, it } from 'vitest';
import { scenarioFacts } from '../../../src/checks/sender/scenarioFacts.js';
import { scenarioTimeline } from '../../../src/checks/sender/scenarioTimeline.js';
import { buildContactProcessed } from '../../../src/message/buildContactProcessed.js';
import { EXCHANGE_BODY_KEPT, exchangeBody } from '../../../src/report/exchangeBody.js';
import { senderExpectation } from '../../../src/scenarios/Scenario.js';
import type { RecordedAttempt, RedirectHit } from '../../../src/scenarios/ScenarioPlay.js';
import { getScenario } from '../../../src/scenarios/scenarioCatalog.js';
import { scenarioTiming } from '../../../src/scenarios/scenarioTiming.js';

/** A 1 s response timeout, 2 retries allowed: what the attempts below are judged against. */
const context = {
  settings: senderExpectation({ responseTimeout: 1, retryMaxAttempts: 2 }),
  timing: scenarioTiming(1),
};
const message = buildContactProcessed({ GSW_MESSAGE_GUID: 'b0a5c1e2-0000-4000-8000-000000000001' });
const URL_OF = (id: string) => `http://127.0.0.1:40123/cpn/${id}`;

/** One attempt as the session records it; `answer` is what the scenario played. */
function attempt(
  index: number,
  startedAt: number,
  rest: Partial<RecordedAttempt> & { scenario: string },
): RecordedAttempt {
  const sent = (rest.message as typeof message | undefined) ?? message;
  const body = rest.body ?? Buffer.from(JSON.stringify(sent));
  const { scenario, ...recorded } = rest;
  return {
    index,
    method: 'POST',
    url: URL_OF(scenario),
    headers: { 'content-type': 'application/json', etag: sent.GSW_MESSAGE_GUID },
    body,
    message: sent,
    guid: sent.GSW_MESSAGE_GUID,
    startedAt,
    response: '',
    ...recorded,
  };
}

const answered = (status: number, at: number, body: string | null = `scenario: ${status}`) => ({
  response: `answered ${status}`,
  status,
  respondedAt: at,
  answer: { status, headers: {}, body },
});

function timelineOf(id: string, attempts: RecordedAttempt[], hits: RedirectHit[] = []) {
  return scenarioTimeline(
    scenarioFacts(getScenario(id), context, attempts, hits, { outcome: 'delivered' }),
  );
}

describe('scenarioTimeline: the attempts of a scenario as a report timeline', () => {
  it('carries each request as received and the answer played, from the first attempt, against the timeout', () => {
    const timeline = timelineOf('error-500-then-200', [
      attempt(0, 1000, { scenario: 'error-500-then-200', ...answered(500, 1004) }),
      attempt(1, 1300, { scenario: 'error-500-then-200', ...answered(200, 1302) }),
    ]);
    expect(timeline.limitMs).toBe(1000);
    expect(timeline.exchanges).toEqual([
      {
        label: 'attempt 1',
        startMs: 0,
        durationMs: 4,
        outcome: 'answered 500',
        ok: true,
        answerClass: '5xx',
        request: {
          method: 'POST',
          url: URL_OF('error-500-then-200'),
          headers: { 'content-type': 'application/json', etag: message.GSW_MESSAGE_GUID },
          body: JSON.stringify(message),
        },
        answer: { status: 500, headers: {}, body: 'scenario: 500' },
      },
      expect.objectContaining({
        label: 'attempt 2',
        startMs: 300,
        durationMs: 2,
        outcome: 'answered 200',
        ok: true,
        answerClass: '2xx',
        answer: { status: 200, headers: {}, body: 'scenario: 200' },
      }),
    ]);
  });

  it('an attempt held without an answer: "no answer", its duration until the sender gave up', () => {
    const [held, retry] = timelineOf('no-answer-then-200', [
      attempt(0, 0, {
        scenario: 'no-answer-then-200',
        response: 'held without answering',
        clientClosedAt: 1010,
      }),
      attempt(1, 1200, { scenario: 'no-answer-then-200', ...answered(200, 1203) }),
    ]).exchanges;
    expect(held).toMatchObject({
      outcome: 'no answer (held past the timeout)',
      durationMs: 1010,
      ok: true,
    });
    expect(held!.answer).toBeUndefined();
    expect(retry).toMatchObject({ ok: true, startMs: 1200 });
  });

  it('says what came back apart from the verdict: a dropped connection, no answer, a redirect', () => {
    const reset = timelineOf('reset-then-200', [
      attempt(0, 0, {
        scenario: 'reset-then-200',
        response: 'dropped the connection',
        clientClosedAt: 2,
      }),
      attempt(1, 100, { scenario: 'reset-then-200', ...answered(200, 101) }),
    ]).exchanges;
    expect(reset.map((e) => [e.answerClass, e.ok])).toEqual([
      ['connection-failed', true],
      ['2xx', true],
    ]);
    const held = timelineOf('no-answer-then-200', [
      attempt(0, 0, {
        scenario: 'no-answer-then-200',
        response: 'held without answering',
        clientClosedAt: 1010,
      }),
    ]).exchanges;
    expect(held.map((e) => [e.answerClass, e.ok])).toEqual([['no-answer', true]]);
    const slow = timelineOf('slow-within-timeout', [
      attempt(0, 0, { scenario: 'slow-within-timeout', clientClosedAt: 300 }),
    ]).exchanges;
    expect(slow.map((e) => [e.answerClass, e.outcome])).toEqual([
      ['no-answer', 'the sender left before the answer'],
    ]);
    const hit: RedirectHit = {
      scenarioId: 'redirect-307',
      method: 'POST',
      url: 'http://127.0.0.1:40123/cpn/__redirect-target/redirect-307',
      at: 5,
    };
    const redirected = timelineOf(
      'redirect-307',
      [attempt(0, 0, { scenario: 'redirect-307', ...answered(307, 2, null) })],
      [hit],
    ).exchanges;
    expect(redirected.map((e) => [e.answerClass, e.ok])).toEqual([
      ['3xx', true],
      ['2xx', false],
    ]);
  });

  it('a 204 has no answer body; a body the sender did not send is left out', () => {
    const [only] = timelineOf('ok-204', [
      attempt(0, 0, { scenario: 'ok-204', body: new Uint8Array(0), ...answered(204, 2, null) }),
    ]).exchanges;
    expect(only!.answer).toEqual({ status: 204, headers: {} });
    expect(only!.request).not.toHaveProperty('body');
  });

  it('red: a retry beyond the policy, a retry with a new GUID, an attempt given up on early', () => {
    const tooMany = timelineOf(
      'error-503-always',
      [0, 1, 2, 3].map((i) =>
        attempt(i, i * 100, { scenario: 'error-503-always', ...answered(503, i * 100 + 1) }),
      ),
    ).exchanges;
    expect(tooMany.map((e) => e.ok)).toEqual([true, true, true, false]);
    const renewed = { ...message, GSW_MESSAGE_GUID: 'b0a5c1e2-0000-4000-8000-000000000002' };
    const newGuid = timelineOf('error-500-then-200', [
      attempt(0, 0, { scenario: 'error-500-then-200', ...answered(500, 1) }),
      attempt(1, 100, { scenario: 'error-500-then-200', message: renewed, ...answered(200, 101) }),
    ]).exchanges;
    expect(newGuid.map((e) => e.ok)).toEqual([true, false]);
    const early = timelineOf('no-answer-then-200', [
      attempt(0, 0, { scenario: 'no-answer-then-200', clientClosedAt: 30 }),
      attempt(1, 40, { scenario: 'no-answer-then-200', ...answered(200, 41) }),
    ]).exchanges;
    expect(early.map((e) => e.ok)).toEqual([false, true]);
  });

  it('red: an attempt waited on past the timeout, until the late answer', () => {
    const [waited] = timelineOf('no-answer-then-200', [
      attempt(0, 0, { scenario: 'no-answer-then-200', ...answered(200, 4500, 'late answer') }),
    ]).exchanges;
    expect(waited).toMatchObject({ ok: false, outcome: 'answered 200 only past the timeout' });
  });

  it('a followed redirect is a red row of its own', () => {
    const hit: RedirectHit = {
      scenarioId: 'redirect-302',
      method: 'GET',
      url: 'http://127.0.0.1:40123/cpn/__redirect-target/redirect-302',
      at: 1005,
    };
    const rows = timelineOf(
      'redirect-302',
      [attempt(0, 1000, { scenario: 'redirect-302', ...answered(302, 1002, null) })],
      [hit],
    ).exchanges;
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      label: 'followed the redirect',
      startMs: 5,
      ok: false,
      request: { method: 'GET', url: hit.url },
      answer: { status: 200, body: 'redirect target: a conforming sender never gets here' },
    });
  });
});

describe('exchangeBody', () => {
  it('keeps a body up to 64 KiB as UTF-8 text, and cuts a longer one saying how much is left out', () => {
    expect(exchangeBody(Buffer.from('{"a":"é"}'))).toBe('{"a":"é"}');
    const long = Buffer.alloc(EXCHANGE_BODY_KEPT + 10, 'x');
    expect(exchangeBody(long)).toBe(`${'x'.repeat(EXCHANGE_BODY_KEPT)}\n… (10 more bytes)`);
  });
});
