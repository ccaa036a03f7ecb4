import fc from 'fast-check';
import type { ContactProcessed } from './ContactProcessed.generated.js';
import { enumNames } from './enumNames.js';
import { fieldKind } from './fieldKind.js';
import { fieldNames, fieldSchema, requiredFields } from './schema.js';

const hex = (length: number) =>
  fc.string({
    unit: fc.constantFrom(...'0123456789abcdefABCDEF'),
    minLength: length,
    maxLength: length,
  });

/** Every textual GUID form the schema's pattern accepts (the generator must cover them all). */
export const anyGuid = fc
  .tuple(hex(8), hex(4), hex(4), hex(4), hex(12), fc.boolean(), fc.boolean())
  .map(([a, b, c, d, e, dashes, braces]) => {
    const body = dashes ? [a, b, c, d, e].join('-') : a + b + c + d + e;
    return braces ? `{${body}}` : body;
  });

const epochMillis = fc
  .tuple(fc.integer({ min: 0, max: 4_102_444_800 }), fc.integer({ min: 0, max: 999 }))
  .map(([seconds, millis]) => `${seconds}.${String(millis).padStart(3, '0')}`);

/** The values of a field's name table, as numbers (empty for a field without one). */
export const tableValues = (field: string): number[] =>
  Object.keys(enumNames[field] ?? {}).map(Number);

/** The fast-check arbitrary for one field, read from its schema node. */
function arbitraryFor(field: string): fc.Arbitrary<unknown> {
  const node = fieldSchema(field)!;
  switch (fieldKind(field)) {
    case 'guid':
      return anyGuid;
    case 'epochMillis':
      return epochMillis;
    case 'const':
      return fc.constant(node.const);
    case 'closed-enum':
      return fc.constantFrom(...node.enum!);
    case 'table':
      // Mostly known values, sometimes one past the table (a vendor extension): both are valid.
      return fc.oneof(
        { arbitrary: fc.constantFrom(...tableValues(field)), weight: 4 },
        { arbitrary: fc.nat(1000), weight: 1 },
      );
    case 'integer':
      return fc.integer();
    case 'text':
      return fc.string({ maxLength: 40 });
  }
}

const userFieldName = fc
  .string({ minLength: 1, maxLength: 20 })
  .filter((key) => !key.startsWith('GSW_') && key !== '__proto__');

/**
 * A fast-check arbitrary of valid notification bodies, derived from the schema: every mandatory
 * field, any subset of the optional ones, every GUID form, vendor-extended enum values, and
 * user-defined string fields.
 *
 * @example
 * fc.assert(fc.property(arbitraryContactProcessed(), (m) => validateContactProcessed(m).valid));
 */
export function arbitraryContactProcessed(): fc.Arbitrary<ContactProcessed> {
  const model = Object.fromEntries(fieldNames.map((field) => [field, arbitraryFor(field)]));
  return fc
    .tuple(
      fc.record(model, { requiredKeys: [...requiredFields] }),
      fc.dictionary(userFieldName, fc.string({ maxLength: 40 }), { maxKeys: 4 }),
    )
    .map(([known, user]) => ({ ...user, ...known }) as ContactProcessed);
}

/**
 * `count` valid messages from a seed: the same seed, the same messages.
 *
 * @example
 * const batch = generateContactProcessed(100, { seed: 42 });
 */
export function generateContactProcessed(
  count: number,
  options: { seed?: number } = {},
): ContactProcessed[] {
  return fc.sample(arbitraryContactProcessed(), { numRuns: count, seed: options.seed ?? 1 });
}
