import { describe, expect, it } from 'vitest';
import { answerClassOf, statusClass } from '../../src/report/answerClassOf.js';
import type { AnswerClass, ExchangeRecord } from '../../src/report/Report.js';

const record = (rest: Partial<ExchangeRecord>): ExchangeRecord => ({
  label: 'attempt 1',
  startMs: 0,
  outcome: 'what came of it',
  ok: true,
  ...rest,
});

describe('answerClassOf: what came back to an exchange, apart from its verdict', () => {
  it('classes a status by its first digit, and anything outside 200–599 as another status', () => {
    const statuses = [199, 200, 299, 300, 399, 400, 499, 500, 599, 600, 101];
    expect(statuses.map(statusClass)).toEqual([
      'other-status',
      '2xx',
      '2xx',
      '3xx',
      '3xx',
      '4xx',
      '4xx',
      '5xx',
      '5xx',
      'other-status',
      'other-status',
    ]);
  });

  it("takes the record's own class, even when its answer says otherwise (a connection that failed)", () => {
    expect(answerClassOf(record({ answerClass: 'connection-failed', durationMs: 3 }))).toBe(
      'connection-failed',
    );
    const answer = { status: 503, headers: {} };
    expect(answerClassOf(record({ answerClass: 'no-answer', answer }))).toBe('no-answer');
  });

  it('reads a record written without a class (or with one it does not know) from its answer, else no answer', () => {
    expect(answerClassOf(record({ answer: { status: 503, headers: {} } }))).toBe('5xx');
    expect(answerClassOf(record({ durationMs: 12 }))).toBe('no-answer');
    const unknown = record({
      answerClass: 'teapot' as AnswerClass,
      answer: { status: 418, headers: {} },
    });
    expect(answerClassOf(unknown)).toBe('4xx');
  });
});
