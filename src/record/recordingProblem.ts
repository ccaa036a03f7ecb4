import { createHash } from 'node:crypto';
import { bodyBytes, type RecordedMessage } from './RecordedExchange.js';

/** What a value is, for a message: `a string`, `an array`, `null`, `the number 7`. */
function found(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

type Rule = readonly [test: (value: unknown) => boolean, expected: string];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const STRING: Rule = [(v) => typeof v === 'string', 'a string'];
const SHA256: Rule = [(v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v), '64 hex digits'];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEADERS: Rule = [
  (v) => isObject(v) && Object.values(v).every((h) => typeof h === 'string'),
  'an object of header names and string values',
];
const MESSAGE_FIELDS: Readonly<Record<string, Rule>> = {
  headers: HEADERS,
  body: STRING,
  bodyBase64: [(v) => typeof v === 'string' && BASE64.test(v), 'base64 (A-Z a-z 0-9 + /, padded)'],
  sha256: SHA256,
  bodyMasked: [(v) => v === true, 'true'],
  size: [(v) => Number.isSafeInteger(v) && (v as number) >= 0, 'a number of bytes'],
};
const OPTIONAL = new Set(['body', 'bodyBase64', 'bodyMasked', 'size', 'failure']);

/** The first field of `record` that breaks its rule, as `where: expected …, found …`. */
function fieldProblem(
  record: Record<string, unknown>,
  rules: Readonly<Record<string, Rule>>,
  where: string,
): string | undefined {
  for (const [field, [test, expected]] of Object.entries(rules)) {
    const value = record[field];
    if (value === undefined && OPTIONAL.has(field)) continue;
    if (!test(value))
      return `${where}${field}: expected ${expected}, found ${value === undefined ? 'nothing' : found(value)}`;
  }
  return undefined;
}

/** Why a recorded body is not the one its hash was taken of; undefined when it is (or is masked). */
function bodyProblem(message: RecordedMessage, where: string): string | undefined {
  if (message.body !== undefined && message.bodyBase64 !== undefined)
    return `${where}: expected either body or bodyBase64, not both`;
  if (message.size !== undefined && (message.body ?? message.bodyBase64) !== undefined)
    return `${where}: expected either a body or its size (a body too large to keep), not both`;
  if (message.bodyMasked === true || message.size !== undefined) return undefined;
  const hash = createHash('sha256').update(bodyBytes(message)).digest('hex');
  if (hash === message.sha256) return undefined;
  const field = message.bodyBase64 !== undefined ? 'bodyBase64' : 'body';
  return (
    `${where}.${field}: does not match its sha256 (recorded ${message.sha256.slice(0, 12)}…, the ` +
    `body hashes to ${hash.slice(0, 12)}…): the line was changed or damaged after it was recorded`
  );
}

/** The problem with a request or an answer: a field's type, or a body that does not match its hash. */
function messageProblem(
  value: unknown,
  where: string,
  own: Readonly<Record<string, Rule>>,
): string | undefined {
  if (!isObject(value)) return `${where}: expected an object, found ${found(value)}`;
  return (
    fieldProblem(value, { ...own, ...MESSAGE_FIELDS }, `${where}.`) ??
    bodyProblem(value as unknown as RecordedMessage, where)
  );
}

const EXCHANGE_FIELDS: Readonly<Record<string, Rule>> = {
  time: STRING,
  guid: [(v) => v === null || typeof v === 'string', 'a string or null'],
  attempt: [(v) => Number.isInteger(v) && (v as number) >= 0, 'a whole number 0 or more'],
  durationMs: [(v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a number of ms'],
  failure: STRING,
};

/**
 * Why a parsed line is not a recorded exchange as a recorder writes it (`RecordedExchange`): the
 * first field of the wrong type, in words (`request.headers: expected an object …, found an
 * array`), or a body that does not match its SHA-256 (a masked body, `bodyMasked`, and one too large
 * to keep, recorded as its `size`, are not checked: their hash is of the bytes on the wire).
 * Undefined when it is one.
 */
export function recordingProblem(value: unknown): string | undefined {
  if (!isObject(value) || value.v !== 1)
    return 'expected a recorded exchange (a JSON object with "v": 1)';
  const request = messageProblem(value.request, 'request', { method: STRING, path: STRING });
  const status: Rule = [
    (v) => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 999,
    'an HTTP status',
  ];
  return (
    fieldProblem(value, EXCHANGE_FIELDS, '') ??
    request ??
    (value.answer === null ? undefined : messageProblem(value.answer, 'answer', { status }))
  );
}
