import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkReceiver } from '../../../src/checks/receiver/checkReceiver.js';
import { reportPassed } from '../../../src/report/Report.js';
import { createReceiver } from '../../../src/receiver/createReceiver.js';
import { testCertificate } from '../../sender/testCertificate.js';
import { onceChecks } from '../../../src/checks/receiver/onceChecks.js';

/** The exactly-once checks: SKIPs without a handled count. */
const ONCE = onceChecks.map((check) => check.id);

describe('checkReceiver over HTTPS (the `ca` option)', () => {
  it(
    'passes the reference receiver behind a self-signed certificate given as a Buffer, the tls ' +
      'finding first',
    async () => {
      const pems = await testCertificate();
      const receiver = createReceiver();
      const server = createServer(pems, receiver.handler);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/crm`;
        const report = await checkReceiver({ url, ca: Buffer.from(pems.cert), responseTimeout: 5 });
        expect(report.findings.filter((f) => f.status !== 'pass' && f.status !== 'skip')).toEqual(
          [],
        );
        // Without a handled count, only the exactly-once checks are SKIPs.
        expect(report.findings.filter((f) => f.status === 'skip').map((f) => f.id)).toEqual(ONCE);
        expect(reportPassed(report)).toBe(true);
        expect(report.findings[0]).toMatchObject({
          id: 'tls',
          status: 'pass',
          summary: expect.stringMatching(
            /^TLSv1\.[23], certificate of cpn-kit test receiver verified/,
          ),
        });
        expect(receiver.stats.duplicates).toBe(2);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
    60_000,
  );

  it('rejects a ca it cannot use, naming the option', async () => {
    const { cert } = await testCertificate();
    await expect(checkReceiver({ url: 'http://127.0.0.1:9/crm', ca: cert })).rejects.toThrow(
      /^ca: expected to be given only with an https:\/\/ URL/,
    );
    await expect(
      checkReceiver({ url: 'https://127.0.0.1:9/crm', ca: 'not a certificate' }),
    ).rejects.toThrow(/^ca: expected one or more PEM certificates/);
    await expect(
      checkReceiver({
        url: 'https://127.0.0.1:9/crm',
        ca: [cert, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'],
      }),
    ).rejects.toThrow(
      /^ca: expected PEM certificates that parse, found certificate 1 of 1 in the text given, which cannot be parsed/,
    );
  });
});
