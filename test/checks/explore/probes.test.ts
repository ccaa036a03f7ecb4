import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableValues } from '../../../src/message/arbitraryContactProcessed.js';
import { fieldNames } from '../../../src/message/schema.js';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { exploreProperties } from '../../../src/checks/explore/exploreProperties.js';
import { brokenProbes, invalidProbes } from '../../../src/checks/explore/invalidProbes.js';
import {
  largeProbe,
  largeProbes,
  LARGEST_EXPLORED_BYTES,
  newerReleaseProbes,
  nonAsciiProbes,
} from '../../../src/checks/explore/validProbes.js';

const runs = { numRuns: 200, seed: 42 };
const parse = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('the probes of --explore', () => {
  for (const property of exploreProperties.filter((p) => p.expect === 'acknowledged')) {
    it(`${property.id}: every probe is a valid notification, its ETag its GSW_MESSAGE_GUID`, () => {
      fc.assert(
        fc.property(property.probes, (probe) => {
          const message = parse(probe.body);
          expect(validateContactProcessed(message).errors).toEqual([]);
          expect(message.GSW_MESSAGE_GUID).toBe(probe.etag);
          expect(probe.what).not.toBe('');
        }),
        runs,
      );
    });
  }

  it('a body always carries the same GUID, and two different bodies never share one', () => {
    const [a, b] = fc.sample(nonAsciiProbes, { numRuns: 2, seed: 9 });
    const [a2] = fc.sample(nonAsciiProbes, { numRuns: 1, seed: 9 });
    expect(a2).toEqual(a);
    expect(a!.body).not.toBe(b!.body);
    expect(a!.etag).not.toBe(b!.etag);
  });

  it('explore-rejects-invalid: every probe is JSON the schema refuses', () => {
    fc.assert(
      fc.property(invalidProbes, (probe) => {
        expect(validateContactProcessed(parse(probe.body)).valid).toBe(false);
      }),
      runs,
    );
  });

  it('explore-rejects-broken: no probe is JSON', () => {
    fc.assert(
      fc.property(brokenProbes, (probe) => {
        expect(() => JSON.parse(probe.body) as unknown).toThrow();
      }),
      runs,
    );
  });

  it('they cover what they promise: text outside ASCII, newer-release values, large bodies', () => {
    for (const probe of fc.sample(nonAsciiProbes, { numRuns: 50, seed: 1 }))
      expect(probe.what).toMatch(/[^\x20-\x7e]/);
    const newer = fc
      .sample(newerReleaseProbes, { numRuns: 100, seed: 1 })
      .map((p) => parse(p.body));
    expect(newer.some((m) => Object.keys(m).some((k) => !fieldNames.includes(k)))).toBe(true);
    expect(
      newer.some((m) => !tableValues('GSW_RECORD_STATUS').includes(m.GSW_RECORD_STATUS as number)),
    ).toBe(true);
    const sizes = fc.sample(largeProbes, { numRuns: 50, seed: 1 }).map((p) => p.body.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(LARGEST_EXPLORED_BYTES);
    expect(Math.max(...sizes)).toBeGreaterThan(16 * 1024);
    for (const bytes of [2048, 5000, LARGEST_EXPLORED_BYTES]) {
      const size = Buffer.byteLength(largeProbe(bytes).body);
      expect(Math.abs(size - bytes)).toBeLessThan(64);
    }
  });
});
