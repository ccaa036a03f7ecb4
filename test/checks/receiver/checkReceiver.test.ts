import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkReceiver } from '../../../src/checks/receiver/checkReceiver.js';
import { reportPassed } from '../../../src/report/Report.js';
import { startReceiver } from '../../../src/receiver/startReceiver.js';
import { defects, SLOW_DELAY_MS, startDefective } from './defectiveReceivers.js';
import { onceChecks } from '../../../src/checks/receiver/onceChecks.js';

/** The exactly-once checks: SKIPs without a handled count. */
const ONCE = onceChecks.map((check) => check.id);

describe('checkReceiver', () => {
  it('passes the reference receiver, with a finding per contract interaction and per extra check', async () => {
    const running = await startReceiver({ port: 0, path: '/crm/notifications' });
    try {
      const report = await checkReceiver({
        url: running.url,
        headers: { 'X-Api-Token': 'secret' },
        responseTimeout: 5,
      });
      expect(report.findings.filter((f) => f.status !== 'pass' && f.status !== 'skip')).toEqual([]);
      // Without a handled count, only the exactly-once checks are SKIPs.
      expect(report.findings.filter((f) => f.status === 'skip').map((f) => f.id)).toEqual(ONCE);
      expect(reportPassed(report)).toBe(true);
      expect(report.findings.map((f) => f.id).sort()).toEqual(
        [
          'pact-a-duplicate-delivery-of-an-already-received-notification',
          'pact-a-notification-from-a-cx-contact-lifo-campaign-group',
          'pact-a-notification-from-a-predictive-campaign-group',
          'pact-a-notification-with-a-vendor-extended-call-result',
          'pact-a-notification-with-every-optional-field',
          'pact-a-notification-with-only-the-mandatory-fields',
          'pact-a-notification-with-user-defined-fields',
          'pact-a-voice-notification',
          'pact-an-email-notification',
          'pact-an-sms-notification',
          'duplicate-acknowledged',
          'no-redirect',
          'response-time',
          'accepts-unknown-user-fields',
          'accepts-vendor-enum-values',
          'accepts-unknown-gsw-fields',
          'accepts-large-notification',
          'accepts-largest-notification',
          'rejects-unparseable-body',
          'rejects-missing-mandatory',
          ...ONCE,
        ].sort(),
      );
      // Every request once: 10 contract requests and the duplicate state's first delivery, the
      // duplicate probe's two deliveries, 3 tolerance probes, 2 large notifications (16 KiB and 64
      // KiB), 2 refusal probes. Two duplicates: the contract's duplicate request (its state was set
      // up by delivering it first) and the probe's second delivery; only the two bad bodies were
      // refused.
      expect(running.receiver.stats).toEqual({
        accepted: 16,
        duplicates: 2,
        rejected: 2,
        inProgress: 0,
      });
    } finally {
      await running.close();
    }
  });

  for (const [name, { defect, failing, skipped }] of Object.entries(defects)) {
    it(`fails a receiver that ${name}`, async () => {
      const receiver = await startDefective(defect);
      try {
        const responseTimeout = name === 'answers too slowly' ? (SLOW_DELAY_MS / 1000) * 0.5 : 5;
        const report = await checkReceiver({ url: receiver.url, responseTimeout });
        expect(reportPassed(report)).toBe(false);
        const ids = (status: string) =>
          report.findings
            .filter((f) => f.status === status)
            .map((f) => f.id)
            .sort();
        expect(ids('fail')).toEqual([...failing].sort());
        expect(ids('skip')).toEqual([...(skipped ?? []), ...ONCE].sort());
        expect(ids('warn')).toEqual([]);
      } finally {
        await receiver.close();
      }
    }, 60_000);
  }

  it('reports one clear finding when nothing listens at the URL', async () => {
    const report = await checkReceiver({ url: 'http://127.0.0.1:9/crm', responseTimeout: 1 });
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([['reachable', 'fail']]);
    expect(report.findings[0]!.summary).toContain('connection refused');
  });

  it(
    'reports each contract request as failed, with the reason, its timeline and curl command, ' +
      'when the receiver resets connections',
    async () => {
      const server = createServer((req) => req.socket.destroy());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        // Without the kit's own forwarding, the Verifier's proxy would stall on every later interaction.
        const report = await checkReceiver({
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/crm`,
          responseTimeout: 2,
        });
        const contract = report.findings.filter((f) => f.id.startsWith('pact-'));
        expect(contract).toHaveLength(10);
        for (const finding of contract) {
          expect(finding.status).toBe('fail');
          expect(finding.summary).toBe(
            'expected any 2xx; got the connection was closed without an answer',
          );
          // The request Pact's interaction made, to look at and to send again.
          expect(finding.timeline?.exchanges.at(-1)).toMatchObject({
            outcome: 'the connection was closed without an answer',
            ok: false,
            request: { method: 'POST', url: expect.stringMatching(/\/crm$/) },
          });
          expect(finding.curl).toMatch(
            /^curl -sS -i --globoff -X POST 'http:\/\/127\.0\.0\.1:\d+\/crm'/,
          );
        }
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );

  it('rejects bad options naming them', async () => {
    await expect(checkReceiver({ url: 'not a url' })).rejects.toThrow(
      /url: expected an absolute http/,
    );
    await expect(checkReceiver({ url: 'ftp://x/y' })).rejects.toThrow(
      /^url: expected an absolute http:\/\/ or https:\/\/ URL, found "ftp:\/\/x\/y"$/,
    );
    await expect(checkReceiver({ url: 'http://127.0.0.1:9/', responseTimeout: 0 })).rejects.toThrow(
      /^responseTimeout \(http-response-timeout\): expected a number of seconds greater than 0, found 0$/,
    );
  });
});
