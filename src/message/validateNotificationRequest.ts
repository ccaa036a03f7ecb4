import { ajvIssues } from './ajvIssues.js';
import type { ContactProcessed } from './ContactProcessed.generated.js';
import { describeValue, issue, type Issue, type ValidationResult } from './Issue.js';
import { validateContactProcessed } from './validateContactProcessed.js';
import { validateEnvelope } from './compiledValidators.js';
import { asText } from '../util/asText.js';

/** Headers as Node, undici or fetch give them. */
export type HeadersLike =
  Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** An HTTP request as a receiver saw it. */
export interface NotificationRequest {
  readonly method: string;
  readonly headers: HeadersLike;
  /** The raw body, as received (bytes or text): Content-Length is checked against it. */
  readonly body: string | Uint8Array;
}

/** The result of {@link validateNotificationRequest}: the parsed message when the body was JSON. */
export interface NotificationRequestResult extends ValidationResult {
  readonly message?: ContactProcessed;
}

/** Lower-cases header names and joins repeated values, whatever form the headers came in. */
export function normalizeHeaders(headers: HeadersLike): Record<string, string> {
  const out: Record<string, string> = {};
  if (
    typeof (headers as Headers).forEach === 'function' &&
    typeof (headers as Headers).get === 'function'
  ) {
    for (const [name, value] of (headers as Headers).entries()) out[name.toLowerCase()] = value;
    return out;
  }
  // A plain record (Node's and undici's headers): walked without an array of entries, as the proxy
  // does for every exchange.
  const record = headers as Readonly<Record<string, unknown>>;
  for (const name in record) {
    if (!Object.hasOwn(record, name)) continue;
    const value = record[name];
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : asText(value);
  }
  return out;
}

/** `content-type` → `Content-Type`, `etag` → `ETag`: how the spec writes header names. */
export function headerDisplayName(name: string): string {
  if (name === 'etag') return 'ETag';
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');
}

/** True for an issue about a header (`Content-Length header`), not about the method or the body. */
export function isHeaderIssue(issue: Issue): boolean {
  return issue.field.endsWith(' header');
}

function envelopeFieldName(path: readonly string[]): string {
  if (path[0] === 'headers' && path[1] !== undefined) return `${headerDisplayName(path[1])} header`;
  return path[0] ?? '(request)';
}

/** True when the body's last transfer coding is chunked: its length is in the chunks, not a header. */
function sentChunked(headers: Readonly<Record<string, string>>): boolean {
  const codings = headers['transfer-encoding']?.split(',') ?? [];
  return codings.at(-1)?.trim().toLowerCase() === 'chunked';
}

/** The warning for a chunked body without Content-Length: HTTP/1.1 allows it, OCS never sends it. */
const chunkedWithoutLength: Issue = issue(
  'Content-Length header',
  'missing-field',
  'the body length in bytes, as OCS sends it',
  'none: the body came chunked (Transfer-Encoding: chunked), which HTTP/1.1 allows, but a ' +
    'receiver that requires a length answers 411 Length Required',
);

/**
 * The envelope's problems: the schema's, the declared Content-Length against the body, and a chunked
 * body without Content-Length as a warning instead of the schema's missing header.
 */
function envelopeIssues(
  method: string,
  headers: Readonly<Record<string, string>>,
  bytes: Uint8Array,
): { errors: Issue[]; warnings: Issue[] } {
  let errors: Issue[] = validateEnvelope({ method: method.toUpperCase(), headers })
    ? []
    : ajvIssues(validateEnvelope.errors ?? [], envelopeFieldName);
  const warnings: Issue[] = [];
  const declaredLength = headers['content-length'];
  if (declaredLength === undefined && sentChunked(headers)) {
    errors = errors.filter(
      (e) => !(e.field === 'Content-Length header' && e.code === 'missing-field'),
    );
    warnings.push(chunkedWithoutLength);
  }
  if (
    declaredLength !== undefined &&
    /^\d+$/.test(declaredLength) &&
    Number(declaredLength) !== bytes.byteLength
  ) {
    errors.push(
      issue(
        'Content-Length header',
        'header-mismatch',
        `the body length, ${bytes.byteLength} bytes`,
        `${declaredLength}`,
      ),
    );
  }
  return { errors, warnings };
}

/**
 * Checks a whole notification request the way the spec describes it: POST,
 * `Content-Type: application/json`, an `ETag` equal to `GSW_MESSAGE_GUID`, a `User-Agent`, a
 * `Content-Length` equal to the body's byte length, and the body itself (see
 * {@link validateContactProcessed}). A body sent chunked (`Transfer-Encoding: chunked`) without
 * `Content-Length` is valid HTTP/1.1 but not what OCS sends: a warning, not an error.
 *
 * @example
 * const result = validateNotificationRequest({ method: req.method, headers: req.headers, body: rawBody });
 */
export function validateNotificationRequest(
  request: NotificationRequest,
): NotificationRequestResult {
  const headers = normalizeHeaders(request.headers);
  const bytes = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
  const { errors, warnings } = envelopeIssues(request.method, headers, bytes);

  let parsed: unknown;
  try {
    parsed = JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
    );
  } catch (error) {
    errors.push(
      issue(
        '(body)',
        'not-json',
        'a JSON object',
        `text that is not JSON (${(error as Error).message})`,
      ),
    );
    return { valid: false, errors, warnings };
  }
  const body = validateContactProcessed(parsed);
  errors.push(...body.errors);

  const guid = (parsed as { GSW_MESSAGE_GUID?: unknown } | null)?.GSW_MESSAGE_GUID;
  const etag = headers.etag;
  if (etag !== undefined && typeof guid === 'string' && etag !== guid) {
    errors.push(
      issue(
        'ETag header',
        'header-mismatch',
        `the body's GSW_MESSAGE_GUID, ${JSON.stringify(guid)}`,
        describeValue(etag),
      ),
    );
  }
  const result = { valid: errors.length === 0, errors, warnings: [...warnings, ...body.warnings] };
  return body.valid ? { ...result, message: parsed as ContactProcessed } : result;
}
