import { readFlagFile } from './readFlagFile.js';
import { UsageError } from '../errors/UsageError.js';

/** Parses `HOST:PORT` (`[::1]:8080` for IPv6). */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535)
    throw new UsageError(
      `--listen: expected HOST:PORT such as 127.0.0.1:8080 or [::1]:8080, found ${JSON.stringify(value)}`,
    );
  return { host: (match[1] ?? match[2])!, port };
}

/** The `--tls-cert`/`--tls-key` PEM files, both or neither. */
export async function readTls(options: {
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
    throw new UsageError(
      '--tls-cert and --tls-key: give both (PEM files) to serve HTTPS, or neither',
    );
  if (options.tlsCert === undefined || options.tlsKey === undefined) return undefined;
  return {
    cert: await readFlagFile('--tls-cert', options.tlsCert),
    key: await readFlagFile('--tls-key', options.tlsKey),
  };
}
