/**
 * check-sender against an independent node:http sender with one defect at a time (defectiveSender.ts):
 * exactly the findings that must fail, and the words the first leads with. The cases run as two test
 * files side by side (each judges the whole catalog per defect, about 30 s a half), so that npm test's
 * longest file is not this one.
 */
import { describe, expect, it } from 'vitest';
import { checkSender } from '../../../src/checks/sender/checkSender.js';
import type { Finding } from '../../../src/report/Report.js';
import { reportPassed } from '../../../src/report/Report.js';
import { sendOne, type Defect } from './defectiveSender.js';

const settings = { retryMaxAttempts: 2, responseTimeout: 1 } as const;

export async function judge(defect: Defect) {
  const report = await checkSender({ ...settings, send: (target) => sendOne(target, defect) });
  const failed = report.findings.filter((f) => f.status === 'fail');
  const text = (f: Finding) => [f.summary, ...(f.details ?? [])].join('\n');
  return {
    report,
    failed,
    failedIds: failed.map((f) => f.id),
    byId: Object.fromEntries(report.findings.map((f) => [f.id, f])),
    all: failed.map(text).join('\n'),
  };
}

// Each defect: exactly the findings that must fail, and the words the first of them leads with.
const retrying = [
  'error-500-then-200',
  'error-503-always',
  'no-answer-then-200',
  'no-answer-always',
  'error-500-then-no-answer',
  'reset-then-200',
];
const redirects = ['redirect-301', 'redirect-302', 'redirect-303', 'redirect-307', 'redirect-308'];
export const defectCases: [Defect, string[], RegExp][] = [
  [
    'follows-redirects',
    redirects,
    /^followed the redirect: GET http:\/\/127\.0\.0\.1:\d+\/cpn\/__redirect-target\/redirect-301 \(redirects must never be followed\)$/,
  ],
  [
    'new-guid-per-retry',
    retrying,
    /^GSW_MESSAGE_GUID changed on retry \(.* → .*\); a retry must keep it$/,
  ],
  ['new-timestamp-per-retry', retrying, /^GSW_TIMESTAMP changed on retry/],
  ['no-etag', ['request-envelope'], /^every request: ETag header/],
  // A random ETag per attempt is wrong on every request, and changes on every retry.
  [
    'etag-not-guid',
    ['request-envelope', ...retrying],
    /^the ETag header changed on retry|^every request: ETag header: expected the body's GSW_MESSAGE_GUID/,
  ],
  [
    'no-retry-on-5xx',
    ['error-500-then-200', 'error-503-always', 'error-500-then-no-answer'],
    /^not retried: attempt 1 met 5xx \(answered 500\), which http-retry-applies-to names, and http-retry-max-attempts allows 2 retries; expected 2 attempts, saw 1$/,
  ],
  [
    'retries-400',
    ['client-error-400', 'client-error-408', 'payload-too-large-413', 'too-many-requests-429'],
    /^retried after attempt 1 \(answered 400\), but 4xx is not retried \(http-retry-applies-to: connection-failure, timeout, 5xx\); expected 1 attempt, saw 3$/,
  ],
  [
    'too-many-retries',
    ['error-503-always', 'no-answer-always', 'error-500-then-no-answer'],
    /^retried after attempt 3 \(answered 503\), but at most 2 retries are allowed \(http-retry-max-attempts\); expected 3 attempts, saw 5$/,
  ],
  [
    'no-timeout',
    ['no-answer-then-200', 'no-answer-always', 'error-500-then-no-answer'],
    /^did not give up on attempt 1, which got no answer: it waited [3-9]\.\d\d s, until the receiver's late answer \(does it set a response timeout\?\); a sender gives up after the response timeout \(1 s\)/,
  ],
  [
    'wrong-content-type',
    ['request-envelope'],
    /^every request: Content-Type header: expected "application\/json"/,
  ],
  ['missing-mandatory-field', ['request-envelope'], /GSW_PHONE/],
  ['integer-as-string', ['request-envelope'], /GSW_CHAIN_ID: expected an integer/],
  [
    'accepts-any-status',
    [
      'error-500-then-200',
      'error-503-always',
      'error-500-then-no-answer',
      ...redirects,
      'client-error-400',
      'client-error-408',
      'payload-too-large-413',
      'too-many-requests-429',
    ],
    /^reported the notification as delivered \(\w+ \w+ \d\)|^reported the notification as delivered, though the receiver never acknowledged it: answered 500$/,
  ],
  // Its first attempt gives up in time, so no-answer-then-200 passes; its retries wait for ever.
  [
    'timeout-first-attempt-only',
    ['no-answer-always', 'error-500-then-no-answer'],
    /^did not give up on attempt 2, which got no answer: it waited [3-9]\.\d\d s, until the receiver's late answer \(attempt 1 gave up in time: is the response timeout set on the first attempt only\?\); a sender gives up after the response timeout \(1 s\)/,
  ],
  [
    'only-200-is-success',
    ['ok-204'],
    /^reported the notification as failed, though attempt 1 was answered 204$/,
  ],
];

/** Half `part` of the defect cases (and, in the first half, the sender without a defect). */
export function defectSuite(part: 1 | 2): void {
  const half = Math.ceil(defectCases.length / 2);
  const cases = part === 1 ? defectCases.slice(0, half) : defectCases.slice(half);
  describe(`check-sender judges an independent node:http sender, one scenario per URL (${part}/2)`, () => {
    if (part === 1)
      it('passes the sender without a defect', async () => {
        const { report, failed } = await judge('none');
        expect(failed).toEqual([]);
        expect(reportPassed(report)).toBe(true);
      });
    it.each(cases)(
      'fails the sender with defect %s, naming it first',
      async (defect, mustFail, words) => {
        const { failedIds, failed, report } = await judge(defect);
        expect(failedIds.sort()).toEqual([...mustFail].sort());
        expect(failed[0]!.summary).toMatch(words);
        expect(reportPassed(report)).toBe(false);
      },
    );
  });
}
