import { X509Certificate } from 'node:crypto';

/**
 * The PEM certificate blocks in `text`, each checked to parse as an X.509 certificate. Node's TLS
 * silently ignores a `ca` that holds no certificate, so a wrong file would otherwise only show up as
 * an untrusted certificate later. Throws an Error whose message starts with `what`.
 *
 * @example
 * const ca = pemCertificates(await readFile('private-ca.pem', 'utf8'), '--ca private-ca.pem');
 */
export function pemCertificates(text: string, what: string): string[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`${what}: expected one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----), found none`);
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new Error(`${what}: certificate ${i + 1} of ${blocks.length} cannot be parsed (${(error as Error).message})`);
    }
  }
  return blocks;
}
