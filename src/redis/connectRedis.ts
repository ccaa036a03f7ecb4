import { Redis } from 'ioredis';
import type { ConnectionOptions } from 'node:tls';
import { DedupeStoreError } from '../errors/DedupeStoreError.js';
import { redactCredentials } from '../http/redactCredentials.js';
import { redisAddress } from './redisAddress.js';

/** How {@link connectRedis} connects. */
export interface RedisConnectOptions {
  /** TLS options for a `rediss://` URL (e.g. `{ ca }` for a private CA). */
  readonly tls?: ConnectionOptions;
  /** A command not answered within this many ms fails (the receiver then answers 503). */
  readonly commandTimeoutMs: number;
  /** Connecting gives up after this many ms. */
  readonly connectTimeoutMs: number;
}

/** What an error of the Redis client says, without any credentials. */
export const redisReason = (error: unknown): string =>
  redactCredentials((error as Error)?.message ?? String(error));

/**
 * A Redis client that fails fast instead of waiting: no offline queue (a command while the
 * connection is down fails at once), nothing resent after a reconnect (a claim whose answer was lost
 * must not be taken as someone else's), a timeout on every command, and reconnection in the
 * background. Resolves once connected, or rejects with a {@link DedupeStoreError} naming the address.
 */
export async function connectRedis(url: URL, options: RedisConnectOptions): Promise<Redis> {
  // The URL's own query items (?family=6) win over these, as ioredis merges them.
  const client = new Redis(url.href, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    enableAutoPipelining: true,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    retryStrategy: (times: number) => Math.min(times * 100, 2000),
    ...(url.protocol === 'rediss:' ? { tls: { ...options.tls } } : {}),
  });
  // The client's 'error' events would otherwise be printed; the first says why connecting failed
  // (a refused certificate, where connect() itself only says "Connection is closed").
  let why: unknown;
  client.on('error', (error: unknown) => (why ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new DedupeStoreError(
      `cannot reach the dedupe store at ${redisAddress(url)}: ${redisReason(why ?? error)}`,
      { cause: why ?? error },
    );
  }
  return client;
}
