import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/report/Report.js';
import { reportPassed } from '../../src/report/Report.js';
import { checkSender } from '../../src/sender/checkSender.js';
import { runDefectiveSender, type Defect } from './defectiveSender.js';

const settings = { retryMaxAttempts: 2, responseTimeout: 1 } as const;

async function judge(defect: Defect) {
  const report = await checkSender({ ...settings, run: (target) => runDefectiveSender(target, defect) });
  const failed = report.findings.filter((f) => f.status === 'fail');
  const text = (f: Finding) => [f.summary, ...(f.details ?? [])].join('\n');
  return { report, failed, failedIds: failed.map((f) => f.id), all: failed.map(text).join('\n') };
}

describe('check-sender judges an independent node:http sender', () => {
  it('passes the sender without a defect', async () => {
    const { report, failed } = await judge('none');
    expect(failed).toEqual([]);
    expect(reportPassed(report)).toBe(true);
  });

  // Each defect: the scenarios that must fail, and words the finding must contain.
  const cases: [Defect, string[], RegExp][] = [
    ['follows-redirects', ['redirect-301', 'redirect-302', 'redirect-303', 'redirect-307', 'redirect-308'], /followed the redirect: GET http:\/\/127\.0\.0\.1:\d+\/cpn\/__redirect-target\/redirect-301/],
    ['new-guid-per-retry', ['error-500-then-200', 'error-503-always', 'no-answer-then-200', 'reset-then-200'], /GSW_MESSAGE_GUID changed on retry/],
    ['new-timestamp-per-retry', ['error-500-then-200', 'error-503-always', 'no-answer-then-200', 'reset-then-200'], /GSW_TIMESTAMP changed on retry/],
    ['no-etag', ['ok-200', 'ok-204', 'client-error-400'], /ETag header/],
    ['etag-not-guid', ['ok-200', 'error-500-then-200'], /ETag header: expected the body's GSW_MESSAGE_GUID/],
    ['no-retry-on-5xx', ['error-500-then-200', 'error-503-always'], /expected 2 attempts, saw 1: attempt 1 met 5xx \(answered 500\) and was not retried/],
    ['retries-400', ['client-error-400'], /expected 1 attempt, saw 3: retried after attempt 1 \(answered 400\), but 4xx is not retried/],
    ['too-many-retries', ['error-503-always'], /expected 3 attempts, saw 5: .*at most 1 \+ 2 retries/],
    ['no-timeout', ['no-answer-then-200'], /got no answer and the sender waited [4-9]\.\d\d s; expected it to give up within the response timeout \(1 s\)/],
    ['wrong-content-type', ['ok-200', 'slow-within-timeout'], /Content-Type header: expected "application\/json"/],
    ['missing-mandatory-field', ['ok-200', 'redirect-308'], /GSW_PHONE/],
    ['integer-as-string', ['ok-200', 'client-error-400'], /GSW_CHAIN_ID: expected an integer/],
  ];
  it.each(cases)('fails the sender with defect %s', async (defect, mustFail, words) => {
    const { failedIds, all, report } = await judge(defect);
    for (const id of mustFail) expect(failedIds).toContain(id);
    expect(all).toMatch(words);
    expect(reportPassed(report)).toBe(false);
  });
});
