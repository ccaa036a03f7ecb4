import { describe, expect, it } from 'vitest';
import { normalizeGuid } from '../../src/receiver/DedupeStore.js';
import { LruDedupeStore } from '../../src/receiver/LruDedupeStore.js';

describe('LruDedupeStore', () => {
  it('claims a GUID once, forgets the least recently seen when full', () => {
    const store = new LruDedupeStore({ capacity: 3 });
    expect(['a', 'b', 'c', 'a'].map((g) => store.claim(g))).toEqual([true, true, true, false]);
    expect(store.claim('d')).toBe(true); // pushes out b, the least recently seen
    expect(store.size).toBe(3);
    expect(store.claim('a')).toBe(false);
    expect(store.claim('b')).toBe(true);
  });

  it('answers has() without recording, honouring the time to live', () => {
    let now = 0;
    const store = new LruDedupeStore({ ttlMs: 1000, now: () => now });
    expect(store.has('a')).toBe(false);
    expect(store.size).toBe(0);
    store.claim('a');
    expect(store.has('a')).toBe(true);
    now += 2000;
    expect(store.has('a')).toBe(false);
  });

  it('forgets GUIDs after the time to live and on release', () => {
    let now = 1_000_000;
    const store = new LruDedupeStore({ ttlMs: 60_000, now: () => now });
    expect(store.claim('x')).toBe(true);
    now += 30_000;
    expect(store.claim('x')).toBe(false);
    now += 31_000;
    expect(store.claim('x')).toBe(true);
    store.release('x');
    expect(store.claim('x')).toBe(true);
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
