/** check-sender against defective senders, second half of the cases, and two senders in detail. */
import { describe, expect, it } from 'vitest';
import { reportPassed } from '../../../src/report/Report.js';
import { defectSuite, judge } from './checkSenderDefectsSuite.js';

defectSuite(2);

describe('a sender that sends its body chunked, without Content-Length (HTTP/1.1 allows it)', () => {
  it('is conformant: request-envelope warns that OCS sends Content-Length, nothing fails', async () => {
    const { report, failed, byId } = await judge('chunked-body');
    expect(failed).toEqual([]);
    expect(reportPassed(report)).toBe(true);
    const envelope = byId['request-envelope']!;
    expect(envelope.status).toBe('warn');
    expect(envelope.summary).toBe(
      'every request: Content-Length header: expected the body length in bytes, as OCS sends ' +
        'it, found none: the body came chunked (Transfer-Encoding: chunked), which HTTP/1.1 ' +
        'allows, but a receiver that requires a length answers 411 Length Required',
    );
    expect(report.findings.filter((f) => f.status === 'warn').map((f) => f.id)).toEqual([
      'request-envelope',
    ]);
  });
});

describe('a sender that sets its response timeout on its first attempt only', () => {
  it('passed the catalog before it left a retry unanswered; now every retry it waits on is named', async () => {
    const { byId, failedIds } = await judge('timeout-first-attempt-only');
    expect(failedIds).toEqual(['no-answer-always', 'error-500-then-no-answer']);
    // The first attempt is the one that gives up in time: no-answer-then-200 cannot tell.
    expect(byId['no-answer-then-200']!.status).toBe('pass');
    expect(byId['no-answer-always']!.details?.at(-1)).toMatch(
      /^what happened: 2 attempts \(held without answering; abandoned by the sender after \d+ ms; answered 200 only after \d+ ms\)$/,
    );
    expect(byId['error-500-then-no-answer']!.summary).toMatch(
      /^did not give up on attempt 2, which got no answer: it waited [3-9]\.\d\d s, until the receiver's late answer \(does it set a response timeout, on its retries too\?\); a sender gives up after the response timeout \(1 s\) \(\+ 0\.\d\d s margin\)$/,
    );
  });
});
