import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors/UsageError.js';

/** Reads a file a flag names; a file it cannot read is a usage error naming the flag and the file. */
export async function readFlagFile(flag: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    throw new UsageError(`${flag}: cannot read ${file}: ${reason}`);
  }
}

/**
 * The `--ca FILE` certificates, checked here so that a wrong file is named (Node's TLS would silently
 * ignore a file without a certificate and the failure would show up later as an untrusted server).
 */
export async function readCaFlag(file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  const text = (await readFlagFile('--ca', file)).toString('utf8');
  const { pemCertificates } = await import('../http/pemCertificates.js');
  pemCertificates(text, 'ca', file);
  return text;
}
