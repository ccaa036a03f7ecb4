/**
 * What check-receiver says of answers that are not what they seem: a body limit refusing a large
 * notification names the size; a sign-in page answered to everything is named, and its 200s are not
 * acknowledgements; a 429 is a rate limit, never a refusal of a bad body.
 */
import { describe, expect, it } from 'vitest';
import { checkReceiver } from '../../../src/checks/receiver/checkReceiver.js';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import type { Report } from '../../../src/report/Report.js';
import { formatReport } from '../../../src/report/formatReport.js';
import { reportPassed } from '../../../src/report/Report.js';
import { defects, startDefective } from './defectiveReceivers.js';

const finding = (report: Report, id: string) => {
  const found = report.findings.find((f) => f.id === id);
  if (found === undefined) throw new Error(`no finding ${id}:\n${formatReport(report)}`);
  return found;
};

async function checked(defect: Parameters<typeof startDefective>[0]): Promise<Report> {
  const receiver = await startDefective(defect);
  try {
    return await checkReceiver({ url: receiver.url, responseTimeout: 5 });
  } finally {
    await receiver.close();
  }
}

describe('checkReceiver: large notifications', () => {
  it('names the size a body limit refused, and the one it took', async () => {
    const report = await checked(defects['refuses a body over 32 KiB with 413 (a WAF)']!.defect);
    expect(finding(report, 'accepts-large-notification')).toMatchObject({
      status: 'pass',
      title:
        'a valid notification of 16 KiB (every field and 54 user-defined fields of up to 255 ' +
        'characters) is accepted',
    });
    const largest = finding(report, 'accepts-largest-notification');
    expect(largest.title).toBe(
      'a valid notification of 64 KiB, the largest OCS is assumed to send (every field and 61 ' +
        'user-defined fields of up to 1,000 characters), is accepted',
    );
    expect(largest.status).toBe('fail');
    expect(largest.summary).toMatch(
      /^expected a 2xx \(the message is valid: OCS sends one this large when many user-defined fields changed\); got HTTP 413 in \d+ ms: a body limit under 64 KiB \(65,536 bytes\), in the receiver or in front of it \(a proxy, a WAF\), loses every notification this large$/,
    );
    // The curl command that sends the refused body again is the whole 64 KiB notification.
    expect(largest.curl).toContain('"Other61":"Follow-up');
  }, 60_000);

  it('sends the largest size given, and no 16 KiB one when that is not smaller', async () => {
    const receiver = await startDefective(
      defects['refuses a body over 2 KiB with 413 (a body limit)']!.defect,
    );
    try {
      const report = await checkReceiver({
        url: receiver.url,
        responseTimeout: 5,
        largestNotificationBytes: 12_000,
      });
      expect(report.findings.map((f) => f.id)).not.toContain('accepts-large-notification');
      const largest = finding(report, 'accepts-largest-notification');
      expect(largest.title).toMatch(
        /^a valid notification of 12,000 bytes, the largest your OCS sends \(as given\) \(every field and \d+ user-defined fields of up to 1,000 characters\), is accepted$/,
      );
      expect(largest.status).toBe('fail');
      expect(largest.summary).toMatch(/: a body limit under 12,000 bytes, in the receiver/);
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('refuses a largest size that cannot hold every field and a user-defined field, naming it', async () => {
    for (const size of [1000, 2047, 4096.5])
      await expect(
        checkReceiver({ url: 'http://127.0.0.1:9/', largestNotificationBytes: size }),
      ).rejects.toThrow(/^largestNotificationBytes: expected an integer 2048 or more \(bytes\)/);
  });
});

describe('checkReceiver: the same HTML page to every request', () => {
  it('leads with the sign-in page, and counts none of its 200s as an acknowledgement', async () => {
    const report = await checked(
      defects['answers every request with the same sign-in page (200 text/html)']!.defect,
    );
    expect(report.findings[0]).toMatchObject({
      id: 'common-cause',
      status: 'fail',
      summary:
        'every answer is the same HTML page titled "Sign in · Acme SSO" (HTTP 200, text/html; ' +
        'charset=utf-8), to the bodies that must be refused too: a sign-in gateway in front of ' +
        'the endpoint? OCS cannot sign in, and takes the 200 for an acknowledgement, so every ' +
        'notification would be lost; exempt the endpoint from it and authenticate with a static ' +
        'header (--header)',
    });
    const contract = finding(report, 'pact-a-voice-notification');
    expect(contract.status).toBe('fail');
    expect(contract.summary).toMatch(
      /^not an acknowledgement: HTTP 200 in \d+ ms with the page "Sign in · Acme SSO", the answer every request got, the bodies that must be refused too \(see common-cause\)$/,
    );
    expect(finding(report, 'rejects-unparseable-body').status).toBe('skip');
  }, 60_000);

  it("a receiver's own short text/html OK to valid notifications, 400 to the rest: conformant", async () => {
    const report = await checked((body) =>
      body !== undefined && validateContactProcessed(body).valid
        ? { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: 'OK' }
        : undefined,
    );
    expect(reportPassed(report), formatReport(report)).toBe(true);
  }, 60_000);
});

describe('checkReceiver: a rate limit', () => {
  it('leads with the rate limit and its Retry-After; a 429 passes no refusal probe', async () => {
    const report = await checked(
      defects['answers 429 with Retry-After once 12 requests came (a rate limit)']!.defect,
    );
    expect(report.findings[0]).toMatchObject({
      id: 'rate-limit',
      status: 'fail',
      summary:
        '8 of 20 requests got HTTP 429 Too Many Requests (Retry-After: 60), the first after 12 ' +
        'were answered: a rate limit in front of the endpoint? OCS does not retry a 4xx unless ' +
        'http-retry-applies-to names it, so each of those notifications would be lost; exempt ' +
        "OCS's address from the limit, or raise it above OCS's busiest minute",
    });
    for (const id of ['rejects-unparseable-body', 'rejects-missing-mandatory'])
      expect(finding(report, id)).toMatchObject({
        status: 'skip',
        summary:
          'not judged: HTTP 429 Too Many Requests is a rate limit (see rate-limit), not a ' +
          'refusal of this body',
      });
  }, 60_000);
});
