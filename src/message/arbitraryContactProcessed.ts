import fc from 'fast-check';
import type { ContactProcessed } from './ContactProcessed.generated.js';
import { enumNames } from './enumNames.js';
import {
  contactProcessedSchema,
  fieldNames,
  fieldSchema,
  requiredFields,
  type SchemaNode,
} from './schema.js';

const hex = (length: number) =>
  fc.string({
    unit: fc.constantFrom(...'0123456789abcdefABCDEF'),
    minLength: length,
    maxLength: length,
  });

/** Every textual GUID form the schema's pattern accepts (the generator must cover them all). */
const anyGuid = fc
  .tuple(hex(8), hex(4), hex(4), hex(4), hex(12), fc.boolean(), fc.boolean())
  .map(([a, b, c, d, e, dashes, braces]) => {
    const body = dashes ? [a, b, c, d, e].join('-') : a + b + c + d + e;
    return braces ? `{${body}}` : body;
  });

const epochMillis = fc
  .tuple(fc.integer({ min: 0, max: 4_102_444_800 }), fc.integer({ min: 0, max: 999 }))
  .map(([seconds, millis]) => `${seconds}.${String(millis).padStart(3, '0')}`);

/** The fast-check arbitrary for one field, read from its schema node. */
function arbitraryFor(field: string, node: SchemaNode): fc.Arbitrary<unknown> {
  const ref = contactProcessedSchema.properties?.[field]?.$ref;
  if (ref === '#/$defs/guid') return anyGuid;
  if (ref === '#/$defs/epochMillis') return epochMillis;
  if (node.const !== undefined) return fc.constant(node.const);
  if (node.enum !== undefined) return fc.constantFrom(...node.enum);
  if (node.type === 'integer') {
    const names = enumNames[field];
    // Mostly known values, sometimes one past the table (a vendor extension): both are valid.
    return names === undefined
      ? fc.integer()
      : fc.oneof(
          { arbitrary: fc.constantFrom(...Object.keys(names).map(Number)), weight: 4 },
          { arbitrary: fc.nat(1000), weight: 1 },
        );
  }
  if (node.type === 'string') return fc.string({ maxLength: 40 });
  throw new Error(`schema: no generator for field ${field}`);
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
  const model = Object.fromEntries(
    fieldNames.map((field) => [field, arbitraryFor(field, fieldSchema(field)!)]),
  );
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
