import { badOption } from '../errors/OptionError.js';
import { redactCredentials } from '../http/redactCredentials.js';

/**
 * A `redis://` or `rediss://` URL, checked: an {@link OptionError} naming `option` otherwise (the
 * text shown without its credentials).
 */
export function parseRedisUrl(text: unknown, option: string): URL {
  let url: URL | undefined;
  try {
    url = typeof text === 'string' ? new URL(text) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || !['redis:', 'rediss:'].includes(url.protocol) || url.hostname === '')
    badOption(
      option,
      'a redis:// or rediss:// URL (redis://[user:password@]host[:port][/db])',
      typeof text === 'string' ? redactCredentials(text) : text,
    );
  return url;
}

/** Where a Redis URL points, as it may be printed: scheme, host, port and database, never the credentials. */
export function redisAddress(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}
