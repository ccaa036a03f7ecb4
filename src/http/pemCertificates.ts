import { X509Certificate } from 'node:crypto';
import { badOption, described } from '../errors/OptionError.js';

/**
 * The PEM certificate blocks in `text`, each checked to parse as an X.509 certificate. Node's TLS
 * silently ignores a `ca` that holds no certificate, so a wrong file would otherwise only show up as
 * an untrusted certificate later. Throws an OptionError naming `option`.
 *
 * @example
 * const ca = pemCertificates(await readFile('private-ca.pem', 'utf8'), 'ca');
 */
export function pemCertificates(text: string, option: string, source = 'the text given'): string[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0)
    badOption(
      option,
      'one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)',
      described(`no certificate in ${source}`),
    );
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      badOption(
        option,
        `PEM certificates that parse`,
        described(
          `certificate ${i + 1} of ${blocks.length} in ${source}, which cannot be parsed (${(error as Error).message})`,
        ),
      );
    }
  }
  return blocks;
}
