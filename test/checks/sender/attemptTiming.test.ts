/**
 * The timing judgements of check-sender, with what the check measured besides the wire (when a
 * sender's run started, the check's own event-loop lag): a conforming sender on a busy machine is
 * not failed, and a real defect still is. Attempts are built as the session records them.
 */
import { describe, expect, it } from 'vitest';
import { judgeScenarioFacts } from '../../../src/checks/sender/judgeScenario.js';
import { scenarioFacts, type MeasuredTiming } from '../../../src/checks/sender/scenarioFacts.js';
import { buildContactProcessed } from '../../../src/message/buildContactProcessed.js';
import { senderExpectation } from '../../../src/scenarios/Scenario.js';
import type { RecordedAttempt } from '../../../src/scenarios/ScenarioPlay.js';
import { getScenario } from '../../../src/scenarios/scenarioCatalog.js';
import { scenarioTiming } from '../../../src/scenarios/scenarioTiming.js';
import type { ScenarioRun } from '../../../src/checks/sender/SenderRun.js';
import type { LagReading } from '../../../src/checks/LagMeter.js';

const settings = (responseTimeout: number, retryMaxAttempts: number) => ({
  settings: senderExpectation({ responseTimeout, retryMaxAttempts }),
  timing: scenarioTiming(responseTimeout),
});
const message = buildContactProcessed({ GSW_MESSAGE_GUID: 'b0a5c1e2-0000-4000-8000-000000000002' });

function attempt(
  index: number,
  startedAt: number,
  rest: Partial<RecordedAttempt>,
): RecordedAttempt {
  return {
    index,
    method: 'POST',
    url: 'http://127.0.0.1:40123/cpn/x',
    headers: { 'content-type': 'application/json', etag: message.GSW_MESSAGE_GUID },
    body: Buffer.from(JSON.stringify(message)),
    message,
    guid: message.GSW_MESSAGE_GUID,
    startedAt,
    response: '',
    ...rest,
  };
}
const left = (at: number) => ({ response: '', clientClosedAt: at });
const ok = (at: number, after = '') => ({
  response: `answered 200${after}`,
  status: 200,
  respondedAt: at,
  answer: { status: 200, headers: {}, body: 'ok' },
});
const heldThenLeft = (at: number) => ({ response: 'held without answering', clientClosedAt: at });

/** A lag meter that read `ms` of lag around every moment. */
const lagged = (ms: number): LagReading => ({ lagBetween: () => ms, longest: () => ms });

function judge(
  id: string,
  context: ReturnType<typeof settings>,
  attempts: RecordedAttempt[],
  run: ScenarioRun,
  measured: MeasuredTiming = {},
) {
  const facts = scenarioFacts(getScenario(id), context, attempts, [], run, undefined, measured);
  return judgeScenarioFacts(facts, false);
}

describe('slow-within-timeout (answered at 0.4 × the timeout): a sender whose timer started early', () => {
  // Timeout 1 s, 2 retries: attempt 1 left at 300 ms (before the 400 ms answer), retried, delivered.
  const attempts = () => [
    attempt(0, 1000, left(1300)),
    attempt(1, 1400, ok(1800, ' after 400 ms')),
  ];

  it('without knowing when its run started: a retry after an early give-up fails (as before)', () => {
    const finding = judge('slow-within-timeout', settings(1, 2), attempts(), {
      outcome: 'delivered',
    });
    expect(finding.status).toBe('fail');
    expect(finding.summary).toMatch(/^retried after attempt 1 .*does the sender give up too early/);
  });

  it('its run started 800 ms before the request arrived: it may have waited its whole timeout', () => {
    const finding = judge(
      'slow-within-timeout',
      settings(1, 2),
      attempts(),
      { outcome: 'delivered' },
      { runStartedAt: 200 },
    );
    expect(finding.status).toBe('pass');
    expect(finding.details).toEqual([
      "attempt 1 was left after 300 ms, before its answer, but the sender's timer may have " +
        'started up to 800 ms before the request arrived (when its run started), so it may have ' +
        'run its whole response timeout: judged as a timeout',
    ]);
  });

  it('its run started only 100 ms before: it gave up before its timeout, and still fails', () => {
    const finding = judge(
      'slow-within-timeout',
      settings(1, 2),
      attempts(),
      { outcome: 'delivered' },
      { runStartedAt: 900 },
    );
    expect(finding.status).toBe('fail');
    expect(finding.summary).toMatch(/^retried after attempt 1 .*does the sender give up too early/);
  });
});

describe('a timeout given in milliseconds is still caught with everything measured', () => {
  it('attempt 1 left 5 ms in, its run started 300 ms before: gave up early, milliseconds?', () => {
    const finding = judge(
      'no-answer-then-200',
      settings(5, 2),
      [attempt(0, 300, heldThenLeft(305)), attempt(1, 410, heldThenLeft(415))],
      { outcome: 'failed' },
      { runStartedAt: 0, lag: lagged(40) },
    );
    expect(finding.status).toBe('fail');
    expect(finding.summary).toBe(
      'gave up on attempt 1 after 5 ms, before the response timeout (5 s) (is the timeout given in ' +
        'milliseconds where seconds are expected?)',
    );
  });
});

describe("the check's own event-loop lag widens the give-up margin by what was measured", () => {
  // Timeout 1 s: margin 0.5 s; attempt 1 held and left at 1.8 s, then delivered.
  const attempts = () => [attempt(0, 0, heldThenLeft(1800)), attempt(1, 1900, ok(1901))];

  it('without lag, waiting 1.8 s on a 1 s timeout is too long', () => {
    const finding = judge('no-answer-then-200', settings(1, 2), attempts(), {
      outcome: 'delivered',
    });
    expect(finding.summary).toBe(
      'gave up on attempt 1 after 1.80 s, later than the 1 s response timeout (+ 0.50 s margin)',
    );
  });

  it('with 400 ms of lag around it, it passes, and the finding says why', () => {
    const finding = judge(
      'no-answer-then-200',
      settings(1, 2),
      attempts(),
      { outcome: 'delivered' },
      { lag: lagged(400) },
    );
    expect(finding.status).toBe('pass');
    expect(finding.details).toEqual([
      "judged with 0.40 s of extra margin: this check's event loop lagged 400 ms while the " +
        'attempts were under way',
    ]);
  });

  it('a sender without a timeout (waits 4.5 s for the late answer) still fails with that lag', () => {
    const finding = judge(
      'no-answer-then-200',
      settings(1, 2),
      [attempt(0, 0, { ...ok(4500), response: 'answered 200 only after 4500 ms' })],
      { outcome: 'delivered' },
      { lag: lagged(400) },
    );
    expect(finding.status).toBe('fail');
    expect(finding.summary).toMatch(
      /^did not give up on attempt 1, which got no answer: it waited 4\.50 s, until the receiver's late answer .* \(\+ 0\.90 s margin\)$/,
    );
  });
});

describe('an answer the check itself sent past the timeout (its event loop stalled)', () => {
  it('a retry after it counts as a timeout retried; a retry after a prompt 200 still fails', () => {
    const late = judge(
      'slow-within-timeout',
      settings(1, 2),
      [attempt(0, 0, ok(1250, ' after 400 ms')), attempt(1, 1300, ok(1700, ' after 400 ms'))],
      { outcome: 'delivered' },
      { lag: lagged(850) },
    );
    expect(late.status).toBe('pass');
    expect(late.details?.[0]).toBe(
      'attempt 1 was answered only 1250 ms after it arrived, past the response timeout, as this ' +
        "check's event loop lagged 850 ms: judged as a timeout",
    );
    const prompt = judge(
      'ok-200',
      settings(1, 2),
      [attempt(0, 0, ok(2)), attempt(1, 100, ok(102))],
      { outcome: 'delivered' },
      { lag: lagged(20), runStartedAt: -5000 },
    );
    expect(prompt.status).toBe('fail');
    expect(prompt.summary).toMatch(
      /^retried after attempt 1 \(answered 200\), though it had been acknowledged/,
    );
  });
});

describe('an answered attempt tried again on another connection: did the sender read the answer?', () => {
  // Timeout 1 s, 2 retries: a 408 answered in 1 ms, retried 1100 ms later (a backoff of about the
  // timeout, as got's): only the connection tells a timeout from a retry caused by the answer.
  const answered408 = {
    response: 'answered 408',
    status: 408,
    answer: { status: 408, headers: {}, body: '' },
  };
  /** Attempt 1 arrives `at` ms after the sender's run began (answered 1 ms later), attempt 2 1100 ms after it. */
  const failed408 = (
    first: Partial<RecordedAttempt>,
    second: Partial<RecordedAttempt>,
    at = 1000,
  ) =>
    judge(
      'client-error-408',
      settings(1, 2),
      [
        attempt(0, at, { ...answered408, respondedAt: at + 1, ...first }),
        attempt(1, at + 1100, { ...answered408, respondedAt: at + 1101, ...second }),
      ],
      { outcome: 'failed' },
      { runStartedAt: 0 },
    );

  it('the retry came on the same connection: it read the answer, and retrying a 408 fails', () => {
    const finding = failed408({ connection: 1 }, { connection: 1 });
    expect(finding.status).toBe('fail');
    expect(finding.summary).toMatch(/^retried after attempt 1 \(answered 408\)/);
  });

  it('the first connection stayed open past the retry: it read the answer, and fails', () => {
    const finding = failed408(
      { connection: 1, connectionEnd: { by: 'sender', at: 9000 } },
      { connection: 2 },
    );
    expect(finding.status).toBe('fail');
  });

  it('the sender closed it a whole timeout after its run began, then retried: may be a timeout', () => {
    const finding = failed408(
      { connection: 1, connectionEnd: { by: 'sender', at: 1990 } },
      { connection: 2 },
    );
    expect(finding.status).toBe('pass');
    expect(finding.details).toContain(
      'attempt 1 was answered 1 ms after it arrived, but the sender closed its connection 990 ms ' +
        "after it arrived and tried again on another: the sender's timer, set when it sent, may " +
        'have run out before the answer reached it: judged as a timeout',
    );
  });

  it('the sender closed it at once after the answer, within its timeout: it read it, and fails', () => {
    const finding = failed408(
      { connection: 1, connectionEnd: { by: 'sender', at: 103 } },
      { connection: 2 },
      100,
    );
    expect(finding.status).toBe('fail');
  });

  it('the receiver closed it (Connection: close): a retry a whole timeout later may be a timeout', () => {
    const finding = failed408(
      { connection: 1, connectionEnd: { by: 'receiver', at: 1002 } },
      { connection: 2 },
    );
    expect(finding.status).toBe('pass');
  });

  it('in-process (no connection) the check lag is the sender lag: a late retry of a 408 fails', () => {
    expect(failed408({}, {}).status).toBe('fail');
  });
});

describe('hints that fit the settings judged', () => {
  it('judged with the defaults (0 retries, 10 s): the hint is to pass the sender settings', () => {
    const finding = judge(
      'no-answer-then-200',
      settings(10, 0),
      [attempt(0, 0, heldThenLeft(1000))],
      { outcome: 'failed' },
    );
    expect(finding.summary).toBe(
      'gave up on attempt 1 after 1000 ms, before the response timeout (10 s) (check-sender judged ' +
        "with retry max attempts 0 and a 10 s timeout: pass your sender's settings with " +
        '--retry-max-attempts / --response-timeout)',
    );
  });

  it('a retry beyond the default 0 retries names the settings judged', () => {
    const finding = judge(
      'error-503-always',
      settings(10, 0),
      [
        attempt(0, 0, { response: 'answered 503', status: 503, respondedAt: 1 }),
        attempt(1, 200, { response: 'answered 503', status: 503, respondedAt: 201 }),
      ],
      { outcome: 'failed' },
    );
    expect(finding.summary).toBe(
      'retried after attempt 1 (answered 503), but at most 0 retries are allowed ' +
        '(http-retry-max-attempts); expected 1 attempt, saw 2; check-sender judged with retry max ' +
        "attempts 0 and a 10 s timeout: pass your sender's settings with --retry-max-attempts / " +
        '--response-timeout',
    );
  });

  it('with settings given, a few-millisecond wait still asks about milliseconds', () => {
    const finding = judge(
      'no-answer-then-200',
      settings(2, 1),
      [attempt(0, 0, heldThenLeft(3)), attempt(1, 100, ok(101))],
      { outcome: 'delivered' },
    );
    expect(finding.summary).toMatch(
      /\(is the timeout given in milliseconds where seconds are expected\?\)$/,
    );
  });
});

describe('a late give-up is named as it happened', () => {
  it('left after 5.01 s on a 2 s timeout, no retry after it: "gave up … later than", "no retry followed"', () => {
    const finding = judge(
      'no-answer-then-200',
      settings(2, 2),
      [attempt(0, 0, heldThenLeft(5010))],
      { outcome: 'failed' },
    );
    expect(finding.status).toBe('fail');
    expect(finding.summary).toBe(
      'gave up on attempt 1 after 5.01 s, later than the 2 s response timeout (+ 1.00 s margin), ' +
        'and no retry followed (expected 2 attempts, saw 1)',
    );
    // The details tell the same story, not another one.
    expect(finding.details).toEqual([
      'what happened: 1 attempt (held without answering; abandoned by the sender after 5010 ms)',
    ]);
  });

  it('with 0 retries no retry is due, so none is said to be missing', () => {
    const finding = judge(
      'no-answer-then-200',
      settings(2, 0),
      [attempt(0, 0, heldThenLeft(5010))],
      { outcome: 'failed' },
    );
    expect(finding.summary).toBe(
      'gave up on attempt 1 after 5.01 s, later than the 2 s response timeout (+ 1.00 s margin)',
    );
  });

  it('left only when the next attempt came (its close unseen): how long, at most, and no contradiction', () => {
    const finding = judge(
      'no-answer-then-200',
      settings(1, 2),
      [attempt(0, 0, { response: 'held without answering' }), attempt(1, 5000, ok(5001))],
      { outcome: 'delivered' },
    );
    expect(finding.summary).toBe(
      'gave up on attempt 1 only about 3.50 s in (its next attempt came 5.00 s after it), later ' +
        'than the 1 s response timeout (+ 0.50 s margin)',
    );
  });

  it('a sender that waits for the late answer is still told it did not give up', () => {
    const finding = judge(
      'no-answer-then-200',
      settings(1, 2),
      [attempt(0, 0, { ...ok(4500), response: 'answered 200 only after 4500 ms' })],
      { outcome: 'delivered' },
    );
    expect(finding.summary).toBe(
      "did not give up on attempt 1, which got no answer: it waited 4.50 s, until the receiver's " +
        'late answer (does it set a response timeout?); a sender gives up after the response ' +
        'timeout (1 s) (+ 0.50 s margin)',
    );
  });
});

describe('a missing retry is said plainly', () => {
  it('names the condition, that the policy retries it, and how many retries it allows', () => {
    const finding = judge(
      'error-503-always',
      settings(1, 2),
      [attempt(0, 0, { response: 'answered 503', status: 503, respondedAt: 1 })],
      { outcome: 'failed' },
    );
    expect(finding.summary).toBe(
      'not retried: attempt 1 met 5xx (answered 503), which http-retry-applies-to names, and ' +
        'http-retry-max-attempts allows 2 retries; expected 3 attempts, saw 1',
    );
  });

  it('one retry allowed: "allows 1 retry"', () => {
    const finding = judge(
      'error-503-always',
      settings(1, 1),
      [attempt(0, 0, { response: 'answered 503', status: 503, respondedAt: 1 })],
      { outcome: 'failed' },
    );
    expect(finding.summary).toBe(
      'not retried: attempt 1 met 5xx (answered 503), which http-retry-applies-to names, and ' +
        'http-retry-max-attempts allows 1 retry; expected 2 attempts, saw 1',
    );
  });

  it('after a timeout: a retry that never left the sender looks the same on the wire, and it says so', () => {
    const finding = judge(
      'no-answer-then-200',
      settings(1, 2),
      [attempt(0, 0, heldThenLeft(1010))],
      { outcome: 'failed' },
    );
    expect(finding.summary).toBe(
      'not retried: attempt 1 met timeout (held without answering; abandoned by the sender after ' +
        '1010 ms), which http-retry-applies-to names, and http-retry-max-attempts allows 2 ' +
        'retries; expected 2 attempts, saw 1 (a retry aborted before it is sent, e.g. one made ' +
        "with the first attempt's expired AbortSignal, never reaches the receiver)",
    );
  });
});
