import { describe, expect, it } from 'vitest';
import { normalizeGuid } from '../../src/receiver/DedupeStore.js';
import { LruDedupeStore } from '../../src/receiver/LruDedupeStore.js';
import { dedupeStoreSuite } from './dedupeStoreSuite.js';

/** Claims a GUID and completes it at once, as the receiver does for a delivery its handler took. */
const handle = (store: LruDedupeStore, guid: string) => {
  const claimed = store.claim(guid);
  if (claimed === true) store.complete(guid);
  return claimed;
};

describe('LruDedupeStore', () => {
  it('claims a GUID once, forgets the least recently seen when full', () => {
    const store = new LruDedupeStore({ capacity: 3 });
    expect(['a', 'b', 'c', 'a'].map((g) => handle(store, g))).toEqual([true, true, true, false]);
    expect(handle(store, 'd')).toBe(true); // pushes out b, the least recently seen
    expect(store.size).toBe(3);
    expect(handle(store, 'a')).toBe(false);
    expect(handle(store, 'b')).toBe(true);
  });

  it('answers has() without recording, honouring the time to live', () => {
    let now = 0;
    const store = new LruDedupeStore({ ttlMs: 1000, now: () => now });
    expect(store.has('a')).toBe(false);
    expect(store.size).toBe(0);
    store.claim('a');
    expect(store.has('a')).toBe(false); // in progress: not handled yet
    store.complete('a');
    expect(store.has('a')).toBe(true);
    now += 2000;
    expect(store.has('a')).toBe(false);
  });

  it('forgets GUIDs after the time to live and on release', () => {
    let now = 1_000_000;
    const store = new LruDedupeStore({ ttlMs: 60_000, now: () => now });
    expect(handle(store, 'x')).toBe(true);
    now += 30_000;
    expect(handle(store, 'x')).toBe(false);
    now += 31_000;
    expect(handle(store, 'x')).toBe(true);
    store.release('x');
    expect(handle(store, 'x')).toBe(true);
  });

  it('keeps a claim in progress whatever its age until it is completed or released', () => {
    let now = 0;
    const store = new LruDedupeStore({ ttlMs: 1000, now: () => now });
    expect(store.claim('slow')).toBe(true);
    now += 5000;
    expect(store.claim('slow')).toBe('in-progress');
    store.release('slow');
    expect(store.claim('slow')).toBe(true);
  });

  it('forgets an in-progress claim pushed out when full, so its retry is claimed anew', () => {
    const store = new LruDedupeStore({ capacity: 2 });
    expect([store.claim('a'), store.claim('b'), store.claim('c')]).toEqual([true, true, true]);
    expect(store.claim('a')).toBe(true); // a was pushed out by c, and pushes out b in turn
    expect(store.claim('c')).toBe('in-progress');
    expect(store.claim('b')).toBe(true);
    expect(store.size).toBe(2);
  });

  it('stays bounded under many GUIDs', () => {
    const store = new LruDedupeStore({ capacity: 1000 });
    for (let i = 0; i < 10_000; i++) store.claim(`g${i}`);
    expect(store.size).toBe(1000);
  });

  it('rejects a bad capacity or ttl with the option name', () => {
    expect(() => new LruDedupeStore({ capacity: 0 })).toThrow(
      /capacity: expected a positive integer/,
    );
    expect(() => new LruDedupeStore({ ttlMs: -1 })).toThrow(/ttlMs/);
  });

  it('normalises the GUID spellings the schema accepts to one key', () => {
    expect(
      new Set(
        [
          '{3F2504E0-4F89-11D3-9A0C-0305E82C3301}',
          '3f2504e04f8911d39a0c0305e82c3301',
          '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
        ].map(normalizeGuid),
      ).size,
    ).toBe(1);
  });
});

describe('LruDedupeStore under the reference receiver (the semantics every store of the kit has)', () => {
  const store = new LruDedupeStore();
  dedupeStoreSuite(async () => store);
});
