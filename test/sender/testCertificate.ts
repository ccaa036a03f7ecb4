import { generate } from 'selfsigned';

/** A self-signed certificate for 127.0.0.1 and localhost, made in the test (it is its own CA). */
export async function testCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'cpn-kit test receiver' }], {
    keySize: 2048,
    algorithm: 'sha256',
    days: 2,
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  } as never);
  return { key: pems.private, cert: pems.cert };
}
