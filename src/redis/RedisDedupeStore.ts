import { randomBytes } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import type { Redis } from 'ioredis';
import { assumptions } from '../assumptions.js';
import { DedupeStoreError } from '../errors/DedupeStoreError.js';
import { IssueCollector } from '../errors/IssueCollector.js';
import { badOption } from '../errors/OptionError.js';
import type { ClaimResult, DedupeStore } from '../receiver/DedupeStore.js';
import { CommandDeadlines } from './CommandDeadlines.js';
import { connectRedis, redisReason } from './connectRedis.js';
import { dedupeScripts } from './dedupeScripts.js';
import { parseRedisUrl, redisAddress } from './redisAddress.js';

/** Options of {@link RedisDedupeStore}. */
export interface RedisDedupeStoreOptions {
  /** Keys are this prefix and the normalised GUID; default `cpn-kit:dedupe:`. */
  readonly prefix?: string;
  /** How long a handled GUID is remembered, in ms; default `assumptions.dedupeTtlMs` (24 h). */
  readonly ttlMs?: number;
  /**
   * How long a claim outlives an instance that stopped renewing it (it is renewed while its
   * handler runs), in ms; default `assumptions.dedupeClaimTtlMs` (30 s).
   */
  readonly claimTtlMs?: number;
  /**
   * How long a command may take before it fails and the receiver answers 503, in ms; default
   * `assumptions.dedupeStoreTimeoutMs` (1 s). Only for the client `connect` makes.
   */
  readonly commandTimeoutMs?: number;
}

/** Options of {@link RedisDedupeStore.connect}: the store's, and where Redis is. */
export interface RedisDedupeStoreConnectOptions extends RedisDedupeStoreOptions {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://…` for TLS. Never printed with its credentials. */
  readonly url: string;
  /** TLS options for `rediss://`, e.g. `{ ca }` for a private CA. */
  readonly tls?: ConnectionOptions;
  /** Connecting gives up after this many ms; default 5 000. */
  readonly connectTimeoutMs?: number;
}

/** The value of a handled GUID's key. */
const DONE = 'done';

/** A claim this instance holds: its token, and when it was last renewed. */
interface Held {
  readonly token: string;
  renewedAt: number;
}

/** The clients `connect` made, which `close` closes (a client given to the constructor stays open). */
const ownClients = new WeakSet<Redis>();

/** The options, checked (every bad one named at once). */
function settings(options: RedisDedupeStoreOptions) {
  const issues = new IssueCollector();
  const ttlMs = options.ttlMs ?? assumptions.dedupeTtlMs;
  const claimTtlMs = options.claimTtlMs ?? assumptions.dedupeClaimTtlMs;
  const commandTimeoutMs = options.commandTimeoutMs ?? assumptions.dedupeStoreTimeoutMs;
  const prefix = options.prefix ?? 'cpn-kit:dedupe:';
  for (const [name, value] of Object.entries({ ttlMs, claimTtlMs, commandTimeoutMs }))
    if (!Number.isInteger(value) || value < 1)
      issues.check(() => badOption(name, 'a positive whole number of milliseconds', value));
  if (typeof prefix !== 'string') issues.check(() => badOption('prefix', 'a string', prefix));
  issues.throwIfAny();
  return { ttlMs, claimTtlMs, commandTimeoutMs, prefix };
}

/**
 * A {@link DedupeStore} in Redis, shared by every receiver instance that uses the same Redis and
 * prefix. A claim is one atomic command (`SET key token NX PX claimTtl GET`: the key's state, or
 * nothing when it was claimed now; a script doing the same on Redis before 7): the first delivery gets it; a duplicate gets `false` once the first was handled (`done`, kept `ttlMs`)
 * or `'in-progress'` while it is being handled. A claim is renewed while its handler runs, so a slow
 * handler keeps it, and expires `claimTtlMs` after its instance died. It has no `has`: a lookup
 * before every claim would cost each new notification a round trip to save a resend a parse. Needs
 * the `ioredis` peer.
 *
 * @example
 * const store = await RedisDedupeStore.connect({ url: process.env.REDIS_URL });
 * const running = await startReceiver({ port: 8080, store, onNotification });
 * // on shutdown: await running.close(); await store.close();
 */
export class RedisDedupeStore implements DedupeStore {
  readonly prefix: string;
  readonly ttlMs: number;
  readonly claimTtlMs: number;
  readonly #client: Redis;
  /** The time limit on each command, for the client `connect` made (yours keeps its own). */
  readonly #deadlines: CommandDeadlines | undefined;
  readonly #held = new Map<string, Held>();
  readonly #instance = randomBytes(6).toString('hex');
  readonly #renewal: NodeJS.Timeout;
  #claims = 0;
  #claimByScript = false;
  #closed = false;
  #connection: string | undefined;

  /**
   * A store over `client`, an ioredis client of yours (it stays yours: `close` leaves it open). Give
   * it `enableOfflineQueue: false` and a `commandTimeout`, or a lost Redis makes deliveries wait
   * instead of being answered 503.
   */
  constructor(client: Redis, options: RedisDedupeStoreOptions = {}) {
    const { ttlMs, claimTtlMs, prefix, commandTimeoutMs } = settings(options);
    this.#client = client;
    this.#deadlines = ownClients.has(client) ? new CommandDeadlines(commandTimeoutMs) : undefined;
    this.prefix = prefix;
    this.ttlMs = ttlMs;
    this.claimTtlMs = claimTtlMs;
    this.#renewal = setInterval(() => this.#renew(), Math.max(10, Math.floor(claimTtlMs / 3)));
    this.#renewal.unref();
    client.on('error', (error: unknown) => (this.#connection = redisReason(error)));
    client.on('close', () => (this.#connection ??= 'the connection was closed'));
    client.on('ready', () => (this.#connection = undefined));
  }

  /**
   * Connects to the Redis at `options.url` with a client that fails fast (no offline queue, a
   * timeout on every command, reconnecting in the background); `close` closes it. Rejects with a
   * `DedupeStoreError` (code `CPN_DEDUPE_STORE`) when Redis cannot be reached.
   */
  static async connect(options: RedisDedupeStoreConnectOptions): Promise<RedisDedupeStore> {
    const url = parseRedisUrl(options.url, 'url');
    settings(options); // every bad option named before connecting
    const client = await connectRedis(url, {
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      ...(options.tls !== undefined ? { tls: options.tls } : {}),
    });
    ownClients.add(client);
    return new RedisDedupeStore(client, options);
  }

  /** Where this store's Redis is, as it may be printed (no credentials). */
  get address(): string {
    const { host, port, db, tls } = this.#client.options;
    return redisAddress(new URL(`${tls ? 'rediss' : 'redis'}://${host}:${port}/${db ?? 0}`));
  }

  /** How many claims this instance holds now: deliveries it is handling. */
  get claimsHeld(): number {
    return this.#held.size;
  }

  async claim(guid: string): Promise<ClaimResult> {
    if (this.#closed) throw new DedupeStoreError('the dedupe store is closed');
    const key = this.prefix + guid;
    const token = `${this.#instance}:${++this.#claims}`;
    let found: string | null;
    try {
      found = await this.#within(this.#claimCommand(key, token));
    } catch (error) {
      throw this.#failure('claim', error);
    }
    if (found === null) this.#held.set(guid, { token, renewedAt: Date.now() });
    return found === null ? true : found === DONE ? false : 'in-progress';
  }

  /**
   * Sets `key` to `token` unless it exists, and answers what it held before (null: claimed now).
   * One native command on Redis 7 and later (`SET … NX PX … GET`); the same as a script on older
   * ones, which refuse NX with GET — learnt from the first refusal.
   */
  async #claimCommand(key: string, token: string): Promise<string | null> {
    if (this.#claimByScript)
      return (await this.#client.eval(dedupeScripts.claim, 1, key, token, this.claimTtlMs)) as
        string | null;
    try {
      return await this.#client.set(key, token, 'PX', this.claimTtlMs, 'NX', 'GET');
    } catch (error) {
      if (!/syntax error/i.test((error as Error)?.message ?? '')) throw error;
      this.#claimByScript = true;
      return this.#claimCommand(key, token);
    }
  }

  /** Held until Redis answered, so that `close` waits for the completion to be sent. */
  async complete(guid: string): Promise<void> {
    const held = this.#held.get(guid);
    try {
      await this.#within(this.#client.set(this.prefix + guid, DONE, 'PX', this.ttlMs));
    } catch (error) {
      throw this.#failure('complete', error);
    } finally {
      this.#letGo(guid, held);
    }
  }

  async release(guid: string): Promise<void> {
    const held = this.#held.get(guid);
    if (held === undefined) return;
    try {
      await this.#within(
        this.#client.eval(dedupeScripts.release, 1, this.prefix + guid, held.token),
      );
    } catch (error) {
      throw this.#failure('release', error);
    } finally {
      this.#letGo(guid, held);
    }
  }

  /** `command`, failed once it takes longer than the command timeout (for the client `connect` made). */
  #within<T>(command: Promise<T>): Promise<T> {
    return this.#deadlines === undefined ? command : this.#deadlines.within(command);
  }

  /** Forgets the claim `held` of `guid`, unless a new claim of it took its place meanwhile. */
  #letGo(guid: string, held: Held | undefined): void {
    if (this.#held.get(guid) === held) this.#held.delete(guid);
  }

  /**
   * A failed command, as the receiver's 503 names it: what failed and why, never a credential. While
   * the connection is down, that it is down and why ("connect ECONNREFUSED …"), not the client's
   * "Stream isn't writeable".
   */
  #failure(what: string, error: unknown): DedupeStoreError {
    const why =
      this.#client.status === 'ready'
        ? redisReason(error)
        : `not connected to ${this.address} (${this.#connection ?? this.#client.status})`;
    return new DedupeStoreError(`Redis ${what} failed: ${why}`, { cause: error });
  }

  /** Renews the claims held past a third of their TTL (one pipeline); a failure waits for the next round. */
  #renew(): void {
    const due = Date.now() - this.claimTtlMs / 3;
    const pipeline = this.#client.pipeline();
    for (const [guid, held] of this.#held) {
      if (held.renewedAt > due) continue;
      held.renewedAt = Date.now();
      pipeline.eval(dedupeScripts.renew, 1, this.prefix + guid, held.token, this.claimTtlMs);
    }
    if (pipeline.length > 0) pipeline.exec().catch(() => undefined);
  }

  /**
   * Stops taking claims, waits (at most `drainMs`, default 10 s) for the deliveries this instance is
   * handling to be completed or released, then closes the client `connect` made.
   */
  async close(drainMs = 10_000): Promise<void> {
    this.#closed = true;
    const until = Date.now() + drainMs;
    while (this.#held.size > 0 && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 10));
    clearInterval(this.#renewal);
    this.#deadlines?.stop();
    if (ownClients.has(this.#client)) await this.#client.quit().catch(() => undefined);
  }
}
