import { Redis } from 'ioredis';
import type { ConnectionOptions } from 'node:tls';
import { DedupeStoreError } from '../errors/DedupeStoreError.js';
import { redactCredentials } from '../http/redactCredentials.js';
import { redisAddress } from './redisAddress.js';

/** How {@link connectRedis} connects. */
export interface RedisConnectOptions {
  /** TLS options for a `rediss://` URL (e.g. `{ ca }` for a private CA). */
  readonly tls?: ConnectionOptions;
  /** Connecting gives up after this many ms. */
  readonly connectTimeoutMs: number;
}

/** What an error of the Redis client says, without any credentials. */
export const redisReason = (error: unknown): string =>
  redactCredentials((error as Error)?.message ?? String(error));

/**
 * A Redis client that fails fast instead of waiting: no offline queue (a command while the
 * connection is down fails at once), nothing resent after a reconnect (a claim whose answer was lost
 * must not be taken as someone else's), and reconnection in the background (the time limit on each command is the
 * caller's: `CommandDeadlines`). Resolves once connected, or rejects with a {@link DedupeStoreError} naming the address.
 */
export async function connectRedis(url: URL, options: RedisConnectOptions): Promise<Redis> {
  // The URL's own query items (?family=6) win over these, as ioredis merges them.
  const client = new Redis(url.href, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // Each command is written at once: auto-pipelining's batching cost more per notification than
    // it saved at the receiver's concurrency (npm run bench). The command timeout is the store's.
    enableAutoPipelining: false,
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
