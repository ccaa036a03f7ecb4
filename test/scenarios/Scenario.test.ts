import { describe, expect, it } from 'vitest';
import { expectedOutcome, senderExpectation } from '../../src/scenarios/Scenario.js';
import { getScenario, scenarioCatalog } from '../../src/scenarios/scenarioCatalog.js';
import { scenarioTiming } from '../../src/scenarios/scenarioTiming.js';

describe('the scenario catalog', () => {
  it('holds every scenario the design asks for, each documented', () => {
    expect(scenarioCatalog.map((s) => s.id)).toEqual([
      'ok-200',
      'ok-204',
      'error-500-then-200',
      'error-503-always',
      'no-answer-then-200',
      'no-answer-always',
      'error-500-then-no-answer',
      'reset-then-200',
      'redirect-301',
      'redirect-302',
      'redirect-303',
      'redirect-307',
      'redirect-308',
      'client-error-400',
      'client-error-408',
      'payload-too-large-413',
      'too-many-requests-429',
      'slow-within-timeout',
    ]);
    for (const s of scenarioCatalog) {
      expect(s.receiver.length).toBeGreaterThan(10);
      expect(s.expectation.length).toBeGreaterThan(10);
    }
  });

  it('names the known ids when asked for an unknown one', () => {
    expect(() => getScenario('teapot-418')).toThrow(
      /^scenario: expected one of ok-200, ok-204.*, found "teapot-418"$/,
    );
  });
});

describe('expectedOutcome: what a conforming sender does under its settings', () => {
  const settings = (
    retryMaxAttempts: number,
    retryAppliesTo?: Parameters<typeof senderExpectation>[0]['retryAppliesTo'],
  ) =>
    senderExpectation({
      responseTimeout: 1,
      retryMaxAttempts,
      ...(retryAppliesTo ? { retryAppliesTo } : {}),
    });

  it('retries 5xx, timeouts and resets by default, up to the maximum', () => {
    expect(expectedOutcome(getScenario('error-500-then-200'), settings(2))).toEqual({
      attempts: 2,
      delivered: true,
    });
    expect(expectedOutcome(getScenario('error-503-always'), settings(2))).toEqual({
      attempts: 3,
      delivered: false,
    });
    expect(expectedOutcome(getScenario('no-answer-then-200'), settings(1))).toEqual({
      attempts: 2,
      delivered: true,
    });
    expect(expectedOutcome(getScenario('reset-then-200'), settings(5))).toEqual({
      attempts: 2,
      delivered: true,
    });
  });

  it('no answer ever: every attempt is a timeout, 1 + max retries of them, then failed', () => {
    expect(expectedOutcome(getScenario('no-answer-always'), settings(2))).toEqual({
      attempts: 3,
      delivered: false,
    });
    expect(expectedOutcome(getScenario('no-answer-always'), settings(0))).toEqual({
      attempts: 1,
      delivered: false,
    });
    expect(expectedOutcome(getScenario('no-answer-always'), settings(2, ['5xx']))).toEqual({
      attempts: 1,
      delivered: false,
    });
  });

  it('500, then no answer: the retries are timeouts too, each retried while the policy allows', () => {
    expect(expectedOutcome(getScenario('error-500-then-no-answer'), settings(2))).toEqual({
      attempts: 3,
      delivered: false,
    });
    expect(expectedOutcome(getScenario('error-500-then-no-answer'), settings(0))).toEqual({
      attempts: 1,
      delivered: false,
    });
    // A 500 retried, a timeout not: the retry is the last attempt.
    expect(expectedOutcome(getScenario('error-500-then-no-answer'), settings(3, ['5xx']))).toEqual({
      attempts: 2,
      delivered: false,
    });
  });

  it('makes one attempt when no retries are allowed', () => {
    expect(expectedOutcome(getScenario('error-500-then-200'), settings(0))).toEqual({
      attempts: 1,
      delivered: false,
    });
    expect(expectedOutcome(getScenario('error-503-always'), settings(0))).toEqual({
      attempts: 1,
      delivered: false,
    });
  });

  it('never retries 3xx or 4xx by default, and follows the policy when it names them', () => {
    expect(expectedOutcome(getScenario('redirect-302'), settings(3))).toEqual({
      attempts: 1,
      delivered: false,
    });
    expect(expectedOutcome(getScenario('client-error-400'), settings(3))).toEqual({
      attempts: 1,
      delivered: false,
    });
    expect(expectedOutcome(getScenario('client-error-400'), settings(3, ['4xx']))).toEqual({
      attempts: 4,
      delivered: false,
    });
    for (const id of ['client-error-408', 'payload-too-large-413', 'too-many-requests-429']) {
      expect(expectedOutcome(getScenario(id), settings(2))).toEqual({
        attempts: 1,
        delivered: false,
      });
      expect(expectedOutcome(getScenario(id), settings(2, ['4xx', '5xx']))).toEqual({
        attempts: 3,
        delivered: false,
      });
    }
    expect(expectedOutcome(getScenario('error-500-then-200'), settings(3, ['timeout']))).toEqual({
      attempts: 1,
      delivered: false,
    });
  });

  it('scales the timings with the response timeout', () => {
    const short = scenarioTiming(1);
    const long = scenarioTiming(10);
    expect(short.noAnswerHoldMs).toBeLessThan(5000);
    expect(long.noAnswerHoldMs).toBeGreaterThan(20_000);
    // The hold always outlasts the latest acceptable give-up, so a sender without a timeout is caught.
    for (const [t, timing] of [
      [1, short],
      [10, long],
    ] as const)
      expect(timing.noAnswerHoldMs).toBeGreaterThan(
        t * 1000 + timing.giveUpMarginMs + timing.backoffAllowanceMs,
      );
  });
});
