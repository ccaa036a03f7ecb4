import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkReceiver } from '../../../src/checks/receiver/checkReceiver.js';
import { reportPassed } from '../../../src/report/Report.js';
import { startReceiver } from '../../../src/receiver/startReceiver.js';
import { defects, SLOW_DELAY_MS, startDefective } from './defectiveReceivers.js';

describe('checkReceiver', () => {
  it('passes the reference receiver, with a finding per contract interaction and per extra check', async () => {
    const running = await startReceiver({ port: 0, path: '/crm/notifications' });
    try {
      const report = await checkReceiver({
        url: running.url,
        headers: { 'X-Api-Token': 'secret' },
        responseTimeout: 5,
      });
      expect(report.findings.filter((f) => f.status !== 'pass')).toEqual([]);
      expect(reportPassed(report)).toBe(true);
      expect(report.findings.map((f) => f.id)).toEqual(
        expect.arrayContaining([
          'pact-a-duplicate-delivery-of-an-already-received-notification',
          'pact-an-sms-notification',
          'duplicate-acknowledged',
          'no-redirect',
          'response-time',
          'accepts-unknown-user-fields',
          'accepts-vendor-enum-values',
          'accepts-unknown-gsw-fields',
          'rejects-unparseable-body',
          'rejects-missing-mandatory',
        ]),
      );
      expect(report.findings.filter((f) => f.id.startsWith('pact-'))).toHaveLength(10);
      // The duplicate state was set up by pre-delivering the notification, so the contract request
      // itself was a duplicate.
      expect(running.receiver.stats.duplicates).toBeGreaterThanOrEqual(2);
      // Only the two bad bodies were refused.
      expect(running.receiver.stats.rejected).toBe(2);
    } finally {
      await running.close();
    }
  });

  for (const [name, { defect, failing }] of Object.entries(defects)) {
    it(`fails a receiver that ${name}`, async () => {
      const receiver = await startDefective(defect);
      try {
        const responseTimeout = name === 'answers too slowly' ? (SLOW_DELAY_MS / 1000) * 0.5 : 5;
        const report = await checkReceiver({ url: receiver.url, responseTimeout });
        expect(reportPassed(report)).toBe(false);
        const failed = report.findings.filter((f) => f.status === 'fail').map((f) => f.id);
        expect(failed).toEqual(expect.arrayContaining([...failing]));
      } finally {
        await receiver.close();
      }
    }, 60_000);
  }

  it('reports one clear finding when nothing listens at the URL', async () => {
    const report = await checkReceiver({ url: 'http://127.0.0.1:9/crm', responseTimeout: 1 });
    expect(report.findings).toEqual([
      expect.objectContaining({
        id: 'reachable',
        status: 'fail',
        summary: expect.stringContaining('connection refused'),
      }),
    ]);
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
      /responseTimeout: expected a positive number/,
    );
  });
});
