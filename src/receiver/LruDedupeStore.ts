import type { DedupeStore } from './DedupeStore.js';

/**
 * How many GUIDs the default in-memory store keeps before it forgets the least recently seen.
 * Assumed: OCS retries a notification within minutes, so a day of notifications of a busy site
 * (100 000) is plenty; raise it for more. About 100 bytes per GUID.
 */
export const DEFAULT_DEDUPE_CAPACITY = 100_000;

/**
 * How long the default store remembers a GUID, in milliseconds (assumed: 24 hours, far beyond any
 * retry schedule of OCS). `0` keeps GUIDs until the capacity pushes them out.
 */
export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/** Options of {@link LruDedupeStore}. */
export interface LruDedupeStoreOptions {
  /** At most this many GUIDs are kept; default {@link DEFAULT_DEDUPE_CAPACITY}. */
  readonly capacity?: number;
  /** GUIDs older than this are forgotten; default {@link DEFAULT_DEDUPE_TTL_MS}; 0 disables. */
  readonly ttlMs?: number;
  /** The clock, in milliseconds (for tests). */
  readonly now?: () => number;
}

/**
 * A bounded in-memory {@link DedupeStore}: least recently seen GUIDs go first when it is full, and
 * GUIDs expire after a time to live. A `Map` keeps insertion order, which is the LRU order here
 * because a hit re-inserts the key. Values are whole seconds from the store's creation, small
 * integers that V8 keeps unboxed.
 */
export class LruDedupeStore implements DedupeStore {
  readonly capacity: number;
  readonly ttlMs: number;
  readonly #seen = new Map<string, number>();
  readonly #now: () => number;
  readonly #epoch: number;

  constructor(options: LruDedupeStoreOptions = {}) {
    const capacity = options.capacity ?? DEFAULT_DEDUPE_CAPACITY;
    const ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`dedupe store capacity: expected a positive integer, found ${String(capacity)}`);
    if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new RangeError(`dedupe store ttlMs: expected a number of milliseconds >= 0, found ${String(ttlMs)}`);
    this.capacity = capacity;
    this.ttlMs = ttlMs;
    this.#now = options.now ?? Date.now;
    this.#epoch = this.#now();
  }

  /** How many GUIDs are held now (never more than the capacity). */
  get size(): number {
    return this.#seen.size;
  }

  #seconds(): number {
    return Math.floor((this.#now() - this.#epoch) / 1000);
  }

  claim(guid: string): boolean {
    const now = this.#seconds();
    const seenAt = this.#seen.get(guid);
    if (seenAt !== undefined) {
      this.#seen.delete(guid);
      if (this.ttlMs === 0 || (now - seenAt) * 1000 < this.ttlMs) {
        this.#seen.set(guid, seenAt);
        return false;
      }
    }
    this.#seen.set(guid, now);
    if (this.#seen.size > this.capacity) {
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }

  has(guid: string): boolean {
    const seenAt = this.#seen.get(guid);
    if (seenAt === undefined) return false;
    this.#seen.delete(guid);
    if (this.ttlMs !== 0 && (this.#seconds() - seenAt) * 1000 >= this.ttlMs) return false;
    this.#seen.set(guid, seenAt);
    return true;
  }

  release(guid: string): void {
    this.#seen.delete(guid);
  }
}
