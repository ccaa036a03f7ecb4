import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../src/checks/receiver/Exchange.js';
import { exchangeTimeline } from '../../../src/checks/receiver/exchangeTimeline.js';
import type { ReceiverCheck } from '../../../src/checks/receiver/ReceiverCheck.js';
import { answeredAsExpected, withExchanges } from '../../../src/checks/receiver/withExchanges.js';
import type { Finding } from '../../../src/report/Report.js';

const URL = 'http://127.0.0.1:8080/crm';
const body = `{"GSW_MESSAGE":"ContactProcessed","note":"it's"}`;
const view = { timeoutSeconds: 2, hidden: new Set<string>() };

/** One exchange as sendExchange records it. */
function exchange(label: string, startedAt: number, rest: Partial<Exchange> = {}): Exchange {
  return {
    label,
    url: URL,
    request: {
      method: 'POST',
      headers: { 'user-agent': 'OCS', 'content-type': 'application/json', 'x-api-token': 's3cret' },
      body,
    },
    startedAt,
    durationMs: 12,
    status: 200,
    headers: { 'content-type': 'text/plain' },
    body: 'ok',
    ...rest,
  };
}

const first = exchange('first delivery', 100);
const second = exchange('second delivery (the same bytes)', 150, {
  status: 409,
  body: 'duplicate',
});
const late = exchange('a body that is not JSON', 120, {
  status: undefined,
  headers: undefined,
  body: undefined,
  durationMs: 2000,
  failure: { kind: 'timeout' },
});

const finding = (status: Finding['status']): Finding => ({
  id: 'duplicate-acknowledged',
  title: 'a retried notification is acknowledged both times',
  status,
  summary: 'what the check said',
});

describe('exchangeTimeline: the exchanges of a receiver check as a report timeline', () => {
  it('in the order sent, from the first one; each request as sent and the answer got', () => {
    const timeline = exchangeTimeline([second, late, first], (e) => e !== second, view);
    expect(timeline.limitMs).toBe(2000);
    expect(timeline.exchanges.map((e) => [e.label, e.startMs, e.ok])).toEqual([
      ['first delivery', 0, true],
      ['a body that is not JSON', 20, true],
      ['second delivery (the same bytes)', 50, false],
    ]);
    expect(timeline.exchanges[0]).toEqual({
      label: 'first delivery',
      startMs: 0,
      durationMs: 12,
      outcome: 'answered 200',
      ok: true,
      answerClass: '2xx',
      request: {
        method: 'POST',
        url: URL,
        headers: {
          'user-agent': 'OCS',
          'content-type': 'application/json',
          'x-api-token': 's3cret',
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      },
      answer: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' },
    });
  });

  it('a request aborted at the response timeout: no duration, no answer, "no answer within 2 s"', () => {
    const [row] = exchangeTimeline([late], () => false, view).exchanges;
    expect(row).toMatchObject({ outcome: 'no answer within 2 s', ok: false });
    expect(row).not.toHaveProperty('durationMs');
    expect(row).not.toHaveProperty('answer');
  });

  it('says what came back apart from the verdict: the status class, no answer, or a failed connection', () => {
    const answered = (status: number) => exchange('probe', 0, { status });
    const failed = (failure: Exchange['failure']) =>
      exchange('probe', 0, { status: undefined, headers: undefined, body: undefined, failure });
    const rows = exchangeTimeline(
      [
        answered(200),
        answered(302),
        answered(409),
        answered(503),
        answered(101),
        failed({ kind: 'refused', text: 'connection refused' }),
        failed({ kind: 'reset', text: 'the connection was closed without an answer' }),
        failed({ kind: 'tls', text: 'certificate has expired' }),
        late,
      ],
      () => true,
      view,
    ).exchanges;
    expect(rows.map((row) => row.answerClass)).toEqual([
      '2xx',
      '3xx',
      '4xx',
      '5xx',
      'other-status',
      'connection-failed',
      'connection-failed',
      'connection-failed',
      'no-answer',
    ]);
  });

  it('an answer without a body has none in the report', () => {
    const [row] = exchangeTimeline([{ ...second, body: '' }], () => false, view).exchanges;
    expect(row!.answer).toEqual({ status: 409, headers: { 'content-type': 'text/plain' } });
  });

  it('hides the values of the static headers (--header), whatever their case', () => {
    const hidden = { timeoutSeconds: 2, hidden: new Set(['x-api-token']) };
    const [row] = exchangeTimeline([first], () => true, hidden).exchanges;
    expect(row!.request!.headers['x-api-token']).toBe('***');
    expect(JSON.stringify(row)).not.toContain('s3cret');
  });
});

describe('withExchanges: a receiver finding with its timeline and, when failing, its curl command', () => {
  it('a passing finding gets the timeline and no curl', () => {
    const shown = withExchanges(finding('pass'), [first], () => true, view);
    expect(shown.timeline?.exchanges).toHaveLength(1);
    expect(shown).not.toHaveProperty('curl');
  });

  it('a failing one gets the curl command of its first wrong request', () => {
    const shown = withExchanges(finding('fail'), [first, second], (e) => e.status === 200, view);
    expect(shown.timeline?.exchanges.map((e) => e.ok)).toEqual([true, false]);
    expect(shown.curl).toMatch(/^curl -sS -i --globoff -X POST 'http:\/\/127\.0\.0\.1:8080\/crm'/);
    expect(shown.curl).toContain(
      `--data-binary '{"GSW_MESSAGE":"ContactProcessed","note":"it'\\''s"}'`,
    );
    expect(shown.curl).toContain("-H 'x-api-token: s3cret'");
  });

  it('failing although every answer looks right (Pact found the body wrong): the judged one is red', () => {
    const shown = withExchanges(finding('fail'), [first], () => true, view);
    expect(shown.timeline?.exchanges.map((e) => e.ok)).toEqual([false]);
    expect(shown.curl).toContain('curl ');
  });

  it('a hidden header stays out of the curl command too, which says where to put it', () => {
    const hidden = { timeoutSeconds: 2, hidden: new Set(['x-api-token']) };
    const shown = withExchanges(finding('fail'), [second], () => false, hidden);
    expect(shown.curl).toMatch(
      /^# the values of --header are kept out of reports: put yours in place of \*\*\*\ncurl /,
    );
    expect(shown.curl).toContain("-H 'x-api-token: ***'");
    expect(shown.curl).not.toContain('s3cret');
  });

  it('without exchanges the finding stays as it is', () => {
    expect(withExchanges(finding('fail'), [], () => false, view)).toEqual(finding('fail'));
  });
});

describe('answeredAsExpected', () => {
  const check = (validMessages: boolean) =>
    ({
      id: 'c',
      title: 'c',
      requests: [],
      judge: () => ({ ok: true, summary: '' }),
      validMessages,
    }) as ReceiverCheck;
  it('a valid notification wants a 2xx; a bad body wants a refusal, neither 2xx nor 3xx', () => {
    const acknowledged = answeredAsExpected(check(true));
    const refused = answeredAsExpected(check(false));
    expect([first, second, late].map(acknowledged)).toEqual([true, false, false]);
    expect([first, second, late].map(refused)).toEqual([false, true, false]);
    expect(refused(exchange('redirected', 0, { status: 302 }))).toBe(false);
  });
});
