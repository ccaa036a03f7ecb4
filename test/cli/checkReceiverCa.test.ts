import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceiver, type Receiver } from '../../src/receiver/createReceiver.js';
import { testCertificate } from '../sender/testCertificate.js';
import { runCli } from './runCli.js';

const run = (args: string[]) => runCli(['check-receiver', ...args]);

/** A private CA, and server certificates it signs: one for 127.0.0.1, one for another host name. */
async function privateCa() {
  const ca = await generate([{ name: 'commonName', value: 'cpn-kit test private CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = async (cn: string, altNames: { type: 2 | 7; value?: string; ip?: string }[]) => {
    const pems = await generate([{ name: 'commonName', value: cn }], {
      keySize: 2048,
      algorithm: 'sha256',
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    });
    return { key: pems.private, cert: pems.cert };
  };
  return {
    caCert: ca.cert,
    loopback: await leaf('crm.test', [
      { type: 7, ip: '127.0.0.1' },
      { type: 2, value: 'localhost' },
    ]),
    otherHost: await leaf('crm.example.test', [{ type: 2, value: 'crm.example.test' }]),
  };
}

/** The reference receiver's handler behind a real HTTPS server on 127.0.0.1; records each request's TLS version. */
async function httpsReceiver(
  tls: ServerOptions,
): Promise<{ url: string; protocols: string[]; receiver: Receiver; close(): Promise<void> }> {
  const receiver = createReceiver();
  const protocols: string[] = [];
  const server: Server = createServer(tls, (req, res) => {
    protocols.push((req.socket as TLSSocket).getProtocol() ?? '');
    receiver.handler(req, res);
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/crm/notifications`,
    protocols,
    receiver,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let dir: string;
let pki: Awaited<ReturnType<typeof privateCa>>;
let selfSigned: { key: string; cert: string };
let caFile: string;
let selfSignedFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpn-check-receiver-ca-'));
  [pki, selfSigned] = await Promise.all([privateCa(), testCertificate()]);
  caFile = join(dir, 'private-ca.pem');
  selfSignedFile = join(dir, 'self-signed.pem');
  await writeFile(caFile, pki.caCert);
  await writeFile(selfSignedFile, selfSigned.cert);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cpn-kit check-receiver --ca (child process, real HTTPS on 127.0.0.1)', () => {
  it(
    'passes a receiver with a private-CA certificate when --ca trusts that CA: probes, ' +
      'contract requests and the pre-delivery all over verified TLS 1.2+',
    async () => {
      const server = await httpsReceiver(pki.loopback);
      try {
        const json = join(dir, 'private-ca-report.json');
        const result = await run([server.url, '--ca', caFile, '--json', json]);
        expect(result.code, result.stdout + result.stderr).toBe(0);
        expect(result.stdout).toMatch(
          /PASS tls: TLSv1\.[23], certificate of crm\.test verified \(trusting 1 extra CA certificate\(s\)\)/,
        );
        const report = JSON.parse(await readFile(json, 'utf8')) as {
          findings: { id: string; status: string }[];
        };
        // Without --handled-count, the 5 exactly-once checks are SKIPs; nothing else but PASS.
        expect(report.findings.filter((f) => f.status !== 'pass').map((f) => f.status)).toEqual(
          Array(5).fill('skip'),
        );
        expect(report.findings).toHaveLength(26);
        // 10 contract requests + 1 pre-delivery (the kit's forwarder and state handler) + 9 probes
        // (the sender and raw requests).
        expect(server.protocols).toHaveLength(20);
        expect(server.protocols.every((p) => p === 'TLSv1.2' || p === 'TLSv1.3')).toBe(true);
        expect(server.receiver.stats.duplicates).toBe(2);
      } finally {
        await server.close();
      }
    },
    90_000,
  );

  it('without --ca, fails one clear finding naming the certificate problem, and sends nothing', async () => {
    const server = await httpsReceiver(pki.loopback);
    try {
      const result = await run([server.url]);
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toMatch(
        /FAIL tls: TLS handshake with 127\.0\.0\.1:\d+ failed: unable to verify the first certificate \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\); for a self-signed or private-CA certificate, trust its CA with --ca FILE/,
      );
      expect(result.stdout).toMatch(/NOT conformant \(0 passed, 1 failed/);
      expect(server.protocols).toEqual([]);
    } finally {
      await server.close();
    }
  }, 90_000);

  it(
    'names a self-signed certificate without --ca, and passes it with --ca FILE holding that ' +
      'certificate',
    async () => {
      const server = await httpsReceiver(selfSigned);
      try {
        const without = await run([server.url]);
        expect(without.code).toBe(1);
        expect(without.stdout).toMatch(
          /FAIL tls: .*self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
        );
        const trusted = await run([server.url, '--ca', selfSignedFile]);
        expect(trusted.code, trusted.stdout + trusted.stderr).toBe(0);
        expect(trusted.stdout).toMatch(/PASS tls: /);
      } finally {
        await server.close();
      }
    },
    90_000,
  );

  it('keeps verification on with --ca: a certificate from the trusted CA for another host name fails', async () => {
    const server = await httpsReceiver(pki.otherHost);
    try {
      const result = await run([server.url, '--ca', caFile]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /FAIL tls: .*IP: 127\.0\.0\.1 is not in the cert's list.*\(ERR_TLS_CERT_ALTNAME_INVALID\); no check was run/,
      );
      expect(server.protocols).toEqual([]);
    } finally {
      await server.close();
    }
  }, 90_000);

  it('refuses a receiver that offers only TLS 1.1 or older, even with a trusted certificate', async () => {
    const server = await httpsReceiver({
      ...pki.loopback,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    try {
      const result = await run([server.url, '--ca', caFile]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /FAIL tls: TLS handshake with 127\.0\.0\.1:\d+ failed: tlsv1 alert protocol version \(ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION\); the receiver offers no TLS version from 1\.2 up; no check was run\n/,
      );
      expect(server.protocols).toEqual([]);
    } finally {
      await server.close();
    }
  }, 90_000);

  it('exits 2 for a --ca it cannot use, naming the option', async () => {
    const notPem = join(dir, 'not-a-certificate.pem');
    const broken = join(dir, 'broken.pem');
    await writeFile(notPem, 'this is a private key, not a certificate\n');
    await writeFile(
      broken,
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n',
    );
    for (const [args, message] of [
      [
        ['https://127.0.0.1:9/x', '--ca', join(dir, 'missing.pem')],
        `--ca: cannot read ${join(dir, 'missing.pem')}: no such file`,
      ],
      [
        ['https://127.0.0.1:9/x', '--ca', notPem],
        `--ca: expected one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END ` +
          `CERTIFICATE-----), found no certificate in ${notPem}`,
      ],
      [
        ['https://127.0.0.1:9/x', '--ca', broken],
        `--ca: expected PEM certificates that parse, found certificate 1 of 1 in ${broken}, which cannot be parsed`,
      ],
      [
        ['http://127.0.0.1:9/x', '--ca', caFile],
        '--ca: expected to be given only with an https:// URL, found "http://127.0.0.1:9/x"',
      ],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  }, 90_000);
});
