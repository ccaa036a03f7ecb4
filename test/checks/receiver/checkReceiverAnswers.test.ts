/**
 * What check-receiver says of answers that are not what they seem: a body limit refusing a large
 * notification names the size.
 */
import { describe, expect, it } from 'vitest';
import { checkReceiver } from '../../../src/checks/receiver/checkReceiver.js';
import type { Report } from '../../../src/report/Report.js';
import { formatReport } from '../../../src/report/formatReport.js';
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
