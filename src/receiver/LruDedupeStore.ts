import { assumptions } from '../assumptions.js';
import type { ClaimResult, DedupeStore } from './DedupeStore.js';
import { badOption } from '../errors/OptionError.js';

/** Options of {@link LruDedupeStore}. */
export interface LruDedupeStoreOptions {
  /**
   * At most this many GUIDs are kept; default `assumptions.dedupeCapacity` (100 000: OCS retries within
   * minutes, so a day of a busy site is plenty; about 100 bytes per GUID).
   */
  readonly capacity?: number;
  /**
   * GUIDs older than this are forgotten; default `assumptions.dedupeTtlMs` (24 h); 0 keeps them
   * until the capacity pushes them out.
   */
  readonly ttlMs?: number;
  /** The clock, in milliseconds (for tests). */
  readonly now?: () => number;
}

/**
 * A bounded in-memory {@link DedupeStore}: least recently seen GUIDs go first when it is full, and
 * GUIDs expire after a time to live. A `Map` keeps insertion order, which is the LRU order here
 * because a hit re-inserts the key. Values are whole seconds from the store's creation, small
 * integers that V8 keeps unboxed; the GUIDs claimed and not yet completed or released (those being
 * handled now, a handful) are also in a set of their own, so that their duplicates are told apart.
 */
export class LruDedupeStore implements DedupeStore {
  readonly capacity: number;
  readonly ttlMs: number;
  readonly #seen = new Map<string, number>();
  readonly #inFlight = new Set<string>();
  readonly #now: () => number;
  readonly #epoch: number;

  constructor(options: LruDedupeStoreOptions = {}) {
    const capacity = options.capacity ?? assumptions.dedupeCapacity;
    const ttlMs = options.ttlMs ?? assumptions.dedupeTtlMs;
    if (!Number.isInteger(capacity) || capacity < 1)
      badOption('capacity', 'a positive integer number of GUIDs', capacity);
    if (!Number.isFinite(ttlMs) || ttlMs < 0)
      badOption('ttlMs', 'a number of milliseconds 0 or more', ttlMs);
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

  claim(guid: string): ClaimResult {
    const now = this.#seconds();
    const seenAt = this.#seen.get(guid);
    if (seenAt !== undefined) {
      this.#seen.delete(guid);
      if (this.#inFlight.has(guid)) {
        this.#seen.set(guid, seenAt);
        return 'in-progress';
      }
      if (this.ttlMs === 0 || (now - seenAt) * 1000 < this.ttlMs) {
        this.#seen.set(guid, seenAt);
        return false;
      }
    }
    this.#seen.set(guid, now);
    this.#inFlight.add(guid);
    if (this.#seen.size > this.capacity) {
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) {
        this.#seen.delete(oldest);
        this.#inFlight.delete(oldest);
      }
    }
    return true;
  }

  /**
   * The claim of `guid` becomes done: its duplicates are acknowledged from now on, until the time to
   * live (counted from the claim) runs out.
   */
  complete(guid: string): void {
    this.#inFlight.delete(guid);
  }

  has(guid: string): boolean {
    const seenAt = this.#seen.get(guid);
    if (seenAt === undefined || this.#inFlight.has(guid)) return false;
    this.#seen.delete(guid);
    if (this.ttlMs !== 0 && (this.#seconds() - seenAt) * 1000 >= this.ttlMs) return false;
    this.#seen.set(guid, seenAt);
    return true;
  }

  release(guid: string): void {
    this.#seen.delete(guid);
    this.#inFlight.delete(guid);
  }
}
