import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbitraryContactProcessed,
  generateContactProcessed,
} from '../../src/message/arbitraryContactProcessed.js';
import { fieldSchema, requiredFields } from '../../src/message/schema.js';
import { validateContactProcessed } from '../../src/message/validateContactProcessed.js';

const runs = { numRuns: 300, seed: 20261124 };

/** The JSON type of a value in JSON Schema's terms (an integral number is an integer). */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A JSON value of any type; the property filters out those of the field's own type. */
const anyJsonValue = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

describe('arbitraryContactProcessed', () => {
  it('generated messages are always valid, with no errors', () => {
    fc.assert(
      fc.property(arbitraryContactProcessed(), (message) => {
        const result = validateContactProcessed(message);
        expect(result.errors).toEqual([]);
        expect(result.valid).toBe(true);
      }),
      runs,
    );
  });

  it('generated messages survive a JSON round trip unchanged and still valid', () => {
    fc.assert(
      fc.property(arbitraryContactProcessed(), (message) => {
        const back = JSON.parse(JSON.stringify(message)) as unknown;
        expect(back).toEqual(message);
        expect(validateContactProcessed(back).valid).toBe(true);
      }),
      runs,
    );
  });

  it('dropping any mandatory field always makes the message invalid, the error naming that field', () => {
    fc.assert(
      fc.property(
        arbitraryContactProcessed(),
        fc.constantFrom(...requiredFields),
        (message, field) => {
          const broken: Record<string, unknown> = { ...message };
          delete broken[field];
          const result = validateContactProcessed(broken);
          expect(result.valid).toBe(false);
          expect(result.errors).toEqual([
            expect.objectContaining({ field, code: 'missing-field' }),
          ]);
        },
      ),
      runs,
    );
  });

  it('changing any present field to another JSON type always makes it invalid, the error naming that field', () => {
    const messageAndField = arbitraryContactProcessed().chain((message) =>
      fc.tuple(fc.constant(message), fc.constantFrom(...Object.keys(message))),
    );
    fc.assert(
      fc.property(messageAndField, anyJsonValue, ([message, field], value) => {
        const expectedType = field.startsWith('GSW_') ? fieldSchema(field)?.type : 'string';
        fc.pre(expectedType !== undefined && jsonType(value) !== expectedType);
        const result = validateContactProcessed({ ...message, [field]: value });
        expect(result.valid).toBe(false);
        expect(result.errors.length).toBeGreaterThan(0);
        expect(result.errors.every((e) => e.field === field)).toBe(true);
        expect(result.errors.map((e) => e.code)).toContain('wrong-type');
      }),
      runs,
    );
  });

  it('generateContactProcessed is deterministic per seed and differs between seeds', () => {
    const a = generateContactProcessed(20, { seed: 7 });
    expect(a).toHaveLength(20);
    expect(generateContactProcessed(20, { seed: 7 })).toEqual(a);
    expect(generateContactProcessed(20, { seed: 8 })).not.toEqual(a);
    for (const message of a) expect(validateContactProcessed(message).valid).toBe(true);
  });

  it('the generator covers what it promises: all GUID forms, optional fields, user fields, vendor enum values', () => {
    const batch = generateContactProcessed(300, { seed: 3 });
    const guids = batch.map((m) => m.GSW_MESSAGE_GUID);
    expect(guids.some((g) => g.startsWith('{'))).toBe(true);
    expect(guids.some((g) => !g.includes('-'))).toBe(true);
    expect(guids.some((g) => /[A-F]/.test(g))).toBe(true);
    expect(batch.some((m) => Object.keys(m).some((k) => !k.startsWith('GSW_')))).toBe(true);
    expect(batch.some((m) => m.GSW_AGENT_ID !== undefined)).toBe(true);
    expect(
      batch.some((m) =>
        validateContactProcessed(m).warnings.some((w) => w.code === 'unknown-enum-value'),
      ),
    ).toBe(true);
  });
});
