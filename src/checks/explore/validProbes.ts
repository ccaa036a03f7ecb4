import fc from 'fast-check';
import { assumptions } from '../../assumptions.js';
import { anyGuid, tableValues } from '../../message/arbitraryContactProcessed.js';
import { exampleValue } from '../../message/buildContactProcessed.js';
import { fieldKind } from '../../message/fieldKind.js';
import { fixtures } from '../../message/fixtures.js';
import { contactProcessedSchema, fieldNames, requiredFields } from '../../message/schema.js';
import { contentGuid } from './contentGuid.js';
import { anyText, nonAsciiText } from './exploreText.js';
import type { Probe } from './Probe.js';
import { changesWords } from './probeWords.js';

/**
 * The largest body `explore-large` sends, in bytes: every mandatory field and many long user-defined
 * fields, up to what OCS is assumed to send at most (`assumptions.largestNotificationBytes`, as
 * check-receiver's large probes), under the reference receiver's body limit.
 */
export const LARGEST_EXPLORED_BYTES = assumptions.largestNotificationBytes;

/** The smallest body `explore-large` sends: a notification with a few user-defined fields. */
const SMALLEST_LARGE_BYTES = 2 * 1024;

/** The message every valid probe changes: the 22 mandatory fields with the schema's examples. */
const base = fixtures['mandatory-only'].message;

type Changes = Readonly<Record<string, unknown>>;

/** How the generated GSW_MESSAGE_GUID is written: every textual form the schema accepts. */
interface GuidForm {
  readonly dashes: boolean;
  readonly braces: boolean;
  readonly upper: boolean;
}

const written = (guid: string, form: GuidForm | undefined): string => {
  if (form === undefined) return guid;
  const digits = form.dashes ? guid : guid.replace(/-/g, '');
  const cased = form.upper ? digits.toUpperCase() : digits;
  return form.braces ? `{${cased}}` : cased;
};

/**
 * A valid probe: the base message with `changes`, its GSW_MESSAGE_GUID (and so its ETag) derived
 * from its content and written in `form`; `what` names the changes.
 */
export function validProbe(changes: Changes, form?: GuidForm): Probe {
  const content = { ...base, ...changes, GSW_MESSAGE_GUID: undefined };
  const guid = written(contentGuid(content), form);
  const message = { ...base, ...changes, GSW_MESSAGE_GUID: guid };
  return { body: JSON.stringify(message), etag: guid, what: changesWords(changes) };
}

const fieldsOf = (...kinds: ReturnType<typeof fieldKind>[]) =>
  fieldNames.filter((field) => kinds.includes(fieldKind(field)));

/** How many fields one probe changes, on average: few, so that shrinking a failure stays cheap. */
const CHANGES = 2;

/** Stands for a field a probe leaves as it is. */
const UNCHANGED = Symbol('unchanged');

/**
 * Some of `fields` (about {@link CHANGES}, at least one), each with a value of `value`. A failure
 * shrinks by leaving each field unchanged in turn (one request each for the changed ones only), then
 * by shrinking the values of those that still fail.
 */
const someOf = (fields: readonly string[], value: (field: string) => fc.Arbitrary<unknown>) =>
  fc
    .record(
      Object.fromEntries(
        fields.map((field) => [
          field,
          fc.oneof(
            { withCrossShrink: true },
            { arbitrary: fc.constant(UNCHANGED), weight: Math.max(1, fields.length - CHANGES) },
            { arbitrary: value(field), weight: CHANGES },
          ),
        ]),
      ),
    )
    .map((all) => Object.fromEntries(Object.entries(all).filter(([, v]) => v !== UNCHANGED)))
    .filter((changes) => Object.keys(changes).length > 0);

/** Text outside ASCII in any string field of free text (names, the phone, codes). */
export const nonAsciiProbes: fc.Arbitrary<Probe> = someOf(fieldsOf('text'), () => nonAsciiText).map(
  (changes) => validProbe(changes),
);

/** An integer a newer OCS release may send for a field with a name table: known, or past the table. */
const newerValue = (field: string) => {
  const known = tableValues(field);
  const past = Math.max(...known) + 1;
  return fc.oneof(fc.integer({ min: past, max: past + 1000 }), fc.constantFrom(...known));
};

/** A GSW_ field the schema does not name (a newer OCS release adds one). */
const newerFieldName = fc
  .string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ_'), minLength: 1, maxLength: 24 })
  .map((name) => `GSW_${name}`)
  .filter((name) => !fieldNames.includes(name));

/** What a newer OCS release sends: integer values past the name tables, GSW_ fields not named yet. */
export const newerReleaseProbes: fc.Arbitrary<Probe> = fc
  .tuple(
    fc.option(someOf(fieldsOf('table'), newerValue), { nil: {} }),
    fc.dictionary(newerFieldName, fc.oneof(fc.string({ maxLength: 20 }), fc.integer()), {
      maxKeys: 3,
    }),
  )
  .filter(
    ([values, added]) =>
      Object.keys(added).length > 0 ||
      Object.entries(values).some(([f, v]) => !tableValues(f).includes(v as number)),
  )
  .map(([values, added]) => validProbe({ ...values, ...added }));

/**
 * One of `values`, shrinking along the list toward its front (halving the distance each step), so a
 * failure ends at the first value that still fails (constantFrom shrinks only to the first one).
 */
const oneOfInOrder = <T>(...values: T[]): fc.Arbitrary<T> =>
  fc.integer({ min: 0, max: values.length - 1 }).map((i) => values[i]!);

/**
 * The edges of the integers: 0, 1, the 8-, 16- and 32-bit limits and one past each, the largest
 * integer JSON carries exactly, then the same below 0. A failure shrinks toward the front, so a
 * receiver with an upper bound is shown the smallest value past it.
 */
const boundaryInteger = oneOfInOrder(
  0,
  1,
  255,
  256,
  32_767,
  32_768,
  65_535,
  65_536,
  2_147_483_647,
  2_147_483_648,
  4_294_967_295,
  4_294_967_296,
  Number.MAX_SAFE_INTEGER,
  -1,
  -32_768,
  -32_769,
  -2_147_483_648,
  -2_147_483_649,
  Number.MIN_SAFE_INTEGER,
);

/** The edges of the timestamps: the epoch, the 32-bit second limits, the year 2100, ten digits. */
const boundaryTimestamp = oneOfInOrder(
  '0.000',
  '1.001',
  '2147483647.999',
  '2147483648.000',
  '4102444800.000',
  '9999999999.999',
);

/** Boundary values in every integer field (tables included) and every timestamp. */
export const boundaryProbes: fc.Arbitrary<Probe> = someOf(
  fieldsOf('integer', 'table', 'epochMillis'),
  (field) => (fieldKind(field) === 'epochMillis' ? boundaryTimestamp : boundaryInteger),
).map((changes) => validProbe(changes));

/** The names a calling list's send_attribute may carry: anything but a GSW_ prefix. */
const userFieldName = fc
  .oneof(
    fc.constantFrom(
      'Other1',
      'crm_account_id',
      'Loyalty Tier',
      'ünïcode_field',
      'Kundennummer',
      'номер_договора',
      '顧客ID',
      'account.tier',
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  )
  .filter((name) => !name.startsWith('GSW_') && name !== '__proto__');

/** User-defined fields: any name, any text (empty included). */
export const userFieldProbes: fc.Arbitrary<Probe> = fc
  .dictionary(userFieldName, anyText, { minKeys: 1, maxKeys: 8 })
  .map((fields) => validProbe(fields));

const optionalFields = fieldNames.filter((field) => !requiredFields.includes(field));

/** The value of a field in a shape probe: any GUID form for a GUID, any media type, the example otherwise. */
const shapeValue = (field: string): fc.Arbitrary<unknown> => {
  const kind = fieldKind(field);
  if (kind === 'guid') return anyGuid;
  if (kind === 'closed-enum')
    return fc.constantFrom(...contactProcessedSchema.properties![field]!.enum!);
  return fc.constant(exampleValue(field));
};

/** Every shape: optional fields present or not, every GUID form (the message's own too), every media type. */
export const shapeProbes: fc.Arbitrary<Probe> = fc
  .tuple(
    fc.record(
      Object.fromEntries(
        [...optionalFields, ...fieldsOf('guid', 'closed-enum')]
          .filter((field) => field !== 'GSW_MESSAGE_GUID')
          .map((field) => [field, shapeValue(field)]),
      ),
      { requiredKeys: [] },
    ),
    fc.record({ dashes: fc.boolean(), braces: fc.boolean(), upper: fc.boolean() }),
  )
  .map(([changes, form]) => {
    const plain = form.dashes && !form.braces && !form.upper;
    const probe = validProbe(changes, form);
    const guid = plain ? '' : `GSW_MESSAGE_GUID ${JSON.stringify(probe.etag)}`;
    const what = [changesWords(changes), guid].filter(Boolean).join(', ');
    return { ...probe, what: what || 'only the mandatory fields' };
  });

/** What a calling-list field holds in a large notification: a line of notes, ASCII only. */
const NOTE = 'Follow-up: call again next week at the same time, customer asked for the manager. ';

/** A valid notification of about `bytes` bytes: the base message and user-defined fields of notes. */
export function largeProbe(bytes: number): Probe {
  const fieldLength = 255;
  const fields: Record<string, string> = {};
  let size = JSON.stringify(base).length;
  for (let n = 1; size < bytes; n += 1) {
    const name = `Note${n}`;
    const room = bytes - size - `,"${name}":""`.length;
    const value = NOTE.repeat(4).slice(0, Math.max(0, Math.min(fieldLength, room)));
    fields[name] = value;
    size += `,"${name}":""`.length + value.length;
  }
  const probe = validProbe(fields);
  const count = Object.keys(fields).length;
  return {
    ...probe,
    what: `${Buffer.byteLength(probe.body)} bytes, ${count} user-defined fields of notes`,
  };
}

/** Large notifications, from 2 KiB up to {@link LARGEST_EXPLORED_BYTES}. */
export const largeProbes: fc.Arbitrary<Probe> = fc
  .integer({ min: SMALLEST_LARGE_BYTES, max: LARGEST_EXPLORED_BYTES })
  .map(largeProbe);
