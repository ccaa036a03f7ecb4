import { randomUUID } from 'node:crypto';
import type { ContactProcessed } from '../../message/ContactProcessed.generated.js';
import { buildContactProcessed } from '../../message/buildContactProcessed.js';
import { fixtures } from '../../message/fixtures.js';

/** A valid notification of an exact size, and how it was made that large. */
export interface LargeNotification {
  readonly message: ContactProcessed;
  /** The message as sent: exactly the bytes asked for. */
  readonly body: string;
  /** How many user-defined fields it carries (the last one made as long as the exact size takes). */
  readonly userFields: number;
  /** The length of every user-defined field but the last, in characters. */
  readonly valueLength: number;
}

/**
 * What an agent writes in a calling-list field: lines of text with quotes, figures and letters
 * outside ASCII (so the body has more bytes than characters, and escapes to parse).
 */
const NOTE =
  'Called back as agreed; the customer wants the renewal quote by e-mail, "not before the 15th". ' +
  'Contract 2291-B: 12,50 € a month, Grüße from the Zürich office; ask for Mme Lefèvre.\n';

/** Plain ASCII text (one byte a character, nothing to escape) for the field that makes up the size. */
const FILLER = 'Follow-up: call again next week at the same time. ';

/** The `n`th user-defined field's value: the note from a different point each time, `length` characters. */
function noteOf(n: number, length: number): string {
  const start = (n * 37) % NOTE.length;
  return NOTE.repeat(Math.ceil(length / NOTE.length) + 1).slice(start, start + length);
}

/** The bytes a field adds to a JSON object that already has one: `,"name":"value"`. */
const fieldBytes = (name: string, value: string) =>
  Buffer.byteLength(`,${JSON.stringify(name)}:${JSON.stringify(value)}`);

/**
 * A valid notification of exactly `bytes` bytes, as OCS sends one when many user-defined fields
 * changed: every field of the schema (the `full` fixture, with fresh GUIDs) and user-defined fields
 * `Other1`, `Other2`, … (the calling list's fields, always strings) of `valueLength` characters, the
 * last one plain ASCII, as long as it takes so that the body is exactly `bytes` long. Throws when `bytes` cannot
 * hold the full message and one user-defined field.
 *
 * @example
 * const large = largeNotification(16 * 1024, 255); // Buffer.byteLength(large.body) === 16384
 */
export function largeNotification(bytes: number, valueLength: number): LargeNotification {
  const base = buildContactProcessed({
    ...fixtures.full.message,
    GSW_MESSAGE_GUID: randomUUID(),
    GSW_CALL_ATTEMPT_GUID: randomUUID(),
  });
  const fields: Record<string, string> = {};
  let size = Buffer.byteLength(JSON.stringify(base));
  // Room kept for the last field, which makes up the exact size.
  const last = (n: number) => fieldBytes(`Other${n}`, '');
  let n = 1;
  for (; ; n += 1) {
    const value = noteOf(n, valueLength);
    const grown = size + fieldBytes(`Other${n}`, value);
    if (grown + last(n + 1) > bytes) break;
    fields[`Other${n}`] = value;
    size = grown;
  }
  const filler = bytes - size - last(n);
  if (filler < 0)
    throw new RangeError(`${bytes} bytes cannot hold every field and a user-defined field`);
  fields[`Other${n}`] = FILLER.repeat(Math.ceil(filler / FILLER.length)).slice(0, filler);
  const message = { ...base, ...fields } as ContactProcessed;
  const body = JSON.stringify(message);
  if (Buffer.byteLength(body) !== bytes)
    throw new Error(`largeNotification: made ${Buffer.byteLength(body)} bytes, not ${bytes}`);
  return { message, body, userFields: n, valueLength };
}
