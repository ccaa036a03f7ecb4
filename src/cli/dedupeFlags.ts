import type { Command } from 'commander';
import { pemCertificates } from '../http/pemCertificates.js';
import { parseRedisUrl } from '../redis/redisAddress.js';
import { readFlagFile } from './readFlagFile.js';
import { requirePeer } from './requirePeer.js';
import { UsageError } from '../errors/UsageError.js';

/** Where `cpn-kit receive` shares its dedupe store: a Redis, its key prefix, the CA of its TLS. */
export interface DedupeSettings {
  readonly url: string;
  readonly prefix?: string;
  /** PEM certificates trusted for `rediss://`. */
  readonly ca?: string;
}

/** What the dedupe flags were given. */
export interface DedupeFlagValues {
  readonly dedupe?: string;
  readonly dedupePrefix?: string;
  readonly dedupeCa?: string;
}

/** Adds `--dedupe URL`, `--dedupe-prefix P` and `--dedupe-ca FILE` to a command. */
export function addDedupeFlags(command: Command): Command {
  return command
    .option(
      '--dedupe <url>',
      'share the dedupe store with the other instances, in Redis: redis://[user:password@]host' +
        '[:port][/db] or rediss://… (needs ioredis; default: in this process’s memory)',
    )
    .option(
      '--dedupe-prefix <prefix>',
      'with --dedupe: the prefix of the Redis keys (default cpn-kit:dedupe:)',
    )
    .option('--dedupe-ca <pem-file>', 'with --dedupe rediss://…: extra trusted CA certificate(s)');
}

/**
 * The dedupe flags, checked before anything starts: a URL that is not `redis://` or `rediss://`
 * (named without its credentials), a prefix or CA without `--dedupe`, a CA file without a
 * certificate, the `ioredis` peer missing (exit 2, naming it).
 */
export async function dedupeSettings(
  values: DedupeFlagValues,
): Promise<DedupeSettings | undefined> {
  const { dedupe, dedupePrefix, dedupeCa } = values;
  if (dedupe === undefined) {
    if (dedupePrefix !== undefined || dedupeCa !== undefined)
      throw new UsageError(
        `${dedupePrefix !== undefined ? '--dedupe-prefix' : '--dedupe-ca'} needs --dedupe <url>`,
      );
    return undefined;
  }
  const url = parseRedisUrl(dedupe, '--dedupe');
  if (dedupeCa !== undefined && url.protocol !== 'rediss:')
    throw new UsageError('--dedupe-ca: only for a TLS store, --dedupe rediss://…');
  requirePeer('ioredis', 'receive --dedupe');
  let ca: string | undefined;
  if (dedupeCa !== undefined) {
    ca = (await readFlagFile('--dedupe-ca', dedupeCa)).toString('utf8');
    pemCertificates(ca, '--dedupe-ca', dedupeCa);
  }
  return {
    url: dedupe,
    ...(dedupePrefix !== undefined ? { prefix: dedupePrefix } : {}),
    ...(ca !== undefined ? { ca } : {}),
  };
}
