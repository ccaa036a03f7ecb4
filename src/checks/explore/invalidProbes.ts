import fc from 'fast-check';
import { fieldKind, type FieldKind } from '../../message/fieldKind.js';
import { fixtures } from '../../message/fixtures.js';
import { fieldNames, requiredFields } from '../../message/schema.js';
import { contentGuid } from './contentGuid.js';
import type { Probe } from './Probe.js';
import { quoted } from './probeWords.js';

/** A user-defined field, for a value of the wrong type there. */
const USER_FIELD = 'Loyalty_Tier';

/** What a field must hold, in words, and values it must not (a wrong type, or a wrong format). */
const WRONG: Readonly<Record<FieldKind | 'user', { wants: string; values: readonly unknown[] }>> = {
  integer: { wants: 'an integer', values: ['73', 1.5, null, true, [73], {}] },
  table: { wants: 'an integer', values: ['3', 2.5, null, false, [3], {}] },
  text: { wants: 'a string', values: [12345, null, true, [], {}] },
  guid: {
    wants: 'a GUID',
    values: ['not-a-guid', '9b2f6c1e-4d3a-4f5b-8e7c', 0, null],
  },
  epochMillis: {
    wants: 'epoch seconds with three digits of milliseconds, as a string',
    values: ['1732486400', '2024-11-24T22:15:55.120Z', 1732486400.12, null],
  },
  const: { wants: '"ContactProcessed"', values: ['ContactUpdated', 'contactprocessed', null] },
  'closed-enum': { wants: 'one of voice, sms, email', values: ['fax', 'VOICE', 1, null] },
  user: {
    wants: 'a string (user-defined fields are always strings)',
    values: [42, true, null, {}],
  },
};

/** The message every mutant is made from: the 22 mandatory fields with the schema's examples. */
const base: Record<string, unknown> = { ...fixtures['mandatory-only'].message };

/** An invalid probe from a message: its GUID (and ETag) derived from its content, so never one sent valid. */
function mutant(message: Record<string, unknown>, what: string): Probe {
  const guid = contentGuid({ mutant: message });
  const body =
    'GSW_MESSAGE_GUID' in message
      ? JSON.stringify({ ...message, GSW_MESSAGE_GUID: guid })
      : JSON.stringify(message);
  return { body, etag: guid, what };
}

/** A mandatory field missing. */
const missingField = fc.constantFrom(...requiredFields).map((field) => {
  const message = { ...base };
  delete message[field];
  return mutant(message, `missing ${field}`);
});

/** A field (named, optional or user-defined) with a value of the wrong type or format. */
const wrongValue = fc
  .tuple(fc.constantFrom(...fieldNames, USER_FIELD), fc.nat())
  .filter(([field]) => field !== 'GSW_MESSAGE_GUID')
  .map(([field, n]) => {
    const wrong = WRONG[field === USER_FIELD ? 'user' : fieldKind(field)];
    const value = wrong.values[n % wrong.values.length];
    return mutant({ ...base, [field]: value }, `${field} ${quoted(value)} (${wrong.wants} is due)`);
  });

/** A body that is JSON but not an object. */
const notAnObject = fc
  .constantFrom('[]', 'null', '"ContactProcessed"', '0', 'true', `[${JSON.stringify(base)}]`)
  .map((body) => ({
    body,
    etag: contentGuid({ body }),
    what: `a body that is JSON but not an object: ${quoted(body)}`,
  }));

/** JSON with a mandatory field missing, a field of the wrong type or format, or not an object. */
export const invalidProbes: fc.Arbitrary<Probe> = fc.oneof(missingField, wrongValue, notAnObject);

/** The body a truncated or broken probe starts from, with a GUID never sent in a valid body. */
const whole = JSON.stringify({ ...base, GSW_MESSAGE_GUID: contentGuid({ broken: base }) });
const wholeGuid = contentGuid({ broken: base });

/** The valid body cut after `bytes` bytes (a body that ends early, its length the one sent). */
const truncated = fc.integer({ min: 1, max: whole.length - 1 }).map((bytes) => ({
  body: whole.slice(0, bytes),
  etag: wholeGuid,
  what: `truncated after ${bytes} of ${whole.length} bytes`,
}));

const fields = Object.entries(base);
/** Bodies that are not JSON, as a lenient parser or another format would take them. */
const NOT_JSON: readonly (readonly [string, string])[] = [
  ['an empty body', ''],
  [
    'form-encoded',
    fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&'),
  ],
  [
    'XML',
    `<ContactProcessed>${fields.map(([k, v]) => `<${k}>${String(v)}</${k}>`).join('')}</ContactProcessed>`,
  ],
  ['JSON with a trailing comma', `${whole.slice(0, -1)},}`],
  ['JSON with single quotes', whole.replace(/"/g, "'")],
  ['JSON with a comment', `/* OCS */${whole}`],
  ['JSON followed by more text', `${whole} and more`],
  ['two JSON objects one after the other', `${whole}${whole}`],
  ['JSON with NaN', whole.replace(/"GSW_CHAIN_ID":\d+/, '"GSW_CHAIN_ID":NaN')],
];

const notJson = fc.constantFrom(...NOT_JSON).map(([what, body]) => ({
  body,
  etag: wholeGuid,
  what: `a body that is not JSON (${what})`,
}));

/** Bodies that are not JSON: truncated, empty, another format, or what only a lenient parser takes. */
export const brokenProbes: fc.Arbitrary<Probe> = fc.oneof(notJson, truncated);
