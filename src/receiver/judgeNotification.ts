import { isUtf8 } from 'node:buffer';
import type { ContactProcessed } from '../message/ContactProcessed.generated.js';
import { issue, type Issue } from '../message/Issue.js';
import { validateContactProcessed } from '../message/validateContactProcessed.js';
import { normalizeGuid, type ClaimResult, type DedupeStore } from './DedupeStore.js';
import type { ReceiverOptions, ReceiverOutcome, ReceiverStats } from './ReceiverTypes.js';
import { refusal } from './writeAnswer.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** An outcome, or a promise of one when the store or the application answers asynchronously. */
export type MaybeAsync<T> = T | Promise<T>;

const guidKey = Buffer.from('"GSW_MESSAGE_GUID"');

const GUID_SHAPED = /^[{}0-9A-Fa-f-]{32,38}$/;

/**
 * Whether the body carries `etag` verbatim as its one and only `"GSW_MESSAGE_GUID":"<etag>"`, read
 * without parsing. Anything else (another GUID in the body, spacing, a repeated key) is false and the
 * body is judged in full, so a stale or wrong ETag can never stand in for the body's GUID.
 */
function carriesOnlyGuid(raw: Uint8Array, etag: string): boolean {
  const body = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const key = body.indexOf(guidKey);
  if (key < 0 || body.indexOf(guidKey, key + guidKey.length) >= 0) return false;
  return body.includes(`"GSW_MESSAGE_GUID":"${etag}"`);
}

/** The body as a message, or the refusal that says why it is not one. */
function parseMessage(
  raw: Uint8Array,
): { message: ContactProcessed; warnings: Issue[] } | ReceiverOutcome {
  // Strict decoding: bytes that are not UTF-8 are an error, not silently replaced characters. Node
  // decodes them to U+FFFD, so only a text holding U+FFFD needs the byte-level check.
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  if (text.includes('\uFFFD') && !isUtf8(raw))
    return refusal(400, 'the body is not UTF-8 text', [
      issue('(body)', 'not-json', 'JSON in UTF-8', 'bytes that are not valid UTF-8'),
    ]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return refusal(400, 'the body is not JSON', [
      issue(
        '(body)',
        'not-json',
        'a JSON object',
        `text that is not JSON (${(error as Error).message})`,
      ),
    ]);
  }
  const result = validateContactProcessed(parsed);
  if (!result.valid)
    return refusal(
      400,
      `invalid notification: ${result.errors.map((e) => e.field).join(', ')}`,
      result.errors,
    );
  return { message: parsed as ContactProcessed, warnings: result.warnings as Issue[] };
}

/** The ETag must carry the body's GUID; another one is tolerated with a warning (the body decides). */
function etagWarning(etag: string | string[] | undefined, guid: string): Issue | undefined {
  if (typeof etag !== 'string' || etag === guid) return undefined;
  if (normalizeGuid(etag.replace(/^W\//, '').replace(/"/g, '')) === normalizeGuid(guid))
    return undefined;
  return issue(
    'ETag header',
    'header-mismatch',
    `the body's GSW_MESSAGE_GUID, ${JSON.stringify(guid)}`,
    JSON.stringify(etag),
  );
}

/** What a judge works with: the dedupe store, the counters it updates, the application's hand-over. */
interface JudgeState {
  readonly store: DedupeStore;
  readonly stats: ReceiverStats;
  readonly onNotification: ReceiverOptions['onNotification'];
}

function duplicateOf(state: JudgeState, guid: string): ReceiverOutcome {
  state.stats.duplicates += 1;
  return { status: 200, answer: { status: 'duplicate', guid } };
}

/**
 * A duplicate whose first delivery is still being handled: not acknowledged (if the first then
 * failed, an acknowledged copy would be lost), but 503 with `Retry-After`, which OCS retries.
 */
function inProgressOf(state: JudgeState, guid: string): ReceiverOutcome {
  state.stats.inProgress += 1;
  return { status: 503, answer: { status: 'in-progress', guid } };
}

function rejectedAs(state: JudgeState, outcome: ReceiverOutcome): ReceiverOutcome {
  state.stats.rejected += 1;
  return outcome;
}

const messageOf = (error: unknown) => (error as Error)?.message ?? String(error);

/** The store could not be asked (Redis unreachable): 503, which OCS retries; nothing was acknowledged. */
function storeFailed(state: JudgeState, guid: string, error: unknown): ReceiverOutcome {
  const why = `the dedupe store failed, so the notification was not taken: ${messageOf(error)}`;
  return rejectedAs(state, { status: 503, answer: { status: 'rejected', guid, error: why } });
}

/** Asks the store (`call`), then goes on with `next`; a throw or a rejection of the store is a 503. */
function askStore<T>(
  state: JudgeState,
  guid: string,
  call: () => MaybeAsync<T>,
  next: (value: T) => MaybeAsync<ReceiverOutcome>,
): MaybeAsync<ReceiverOutcome> {
  let value: MaybeAsync<T>;
  try {
    value = call();
  } catch (error) {
    return storeFailed(state, guid, error);
  }
  return value instanceof Promise
    ? value.then(next, (error: unknown) => storeFailed(state, guid, error))
    : next(value);
}

/**
 * The handled notification's claim made done before it is acknowledged. Should the store fail here,
 * the notification was handled all the same: it is acknowledged (a 5xx would have OCS resend what was
 * handled), and a warning says that its claim stays until the store's claim TTL runs out.
 */
function completed(
  state: JudgeState,
  key: string,
  guid: string,
  accepted: () => ReceiverOutcome,
): MaybeAsync<ReceiverOutcome> {
  const { store } = state;
  if (store.complete === undefined) return accepted();
  const warn = (error: unknown) => {
    process.emitWarning(
      `${guid} was handled, but the dedupe store could not mark it done (${messageOf(error)}): ` +
        'it stays claimed until the claim expires',
      'CpnReceiverWarning',
    );
    return accepted();
  };
  try {
    const done = store.complete(key);
    return done instanceof Promise ? done.then(accepted, warn) : accepted();
  } catch (error) {
    return warn(error);
  }
}

/**
 * A first delivery, handed to the application: accepted once it returns (or its promise settles) and
 * the store has marked it done; when it throws, the GUID is released (so the sender's retry is
 * taken) and the answer is a 500.
 */
function handOver(
  state: JudgeState,
  raw: Uint8Array,
  message: ContactProcessed,
  warnings: Issue[],
  headers: Headers,
  key: string,
): MaybeAsync<ReceiverOutcome> {
  const guid = message.GSW_MESSAGE_GUID;
  const accepted = (): ReceiverOutcome => {
    state.stats.accepted += 1;
    const answer =
      warnings.length > 0
        ? { status: 'accepted' as const, guid, warnings }
        : { status: 'accepted' as const, guid };
    return { status: 200, answer };
  };
  const done = () => completed(state, key, guid, accepted);
  if (state.onNotification === undefined) return done();
  const failed = async (error: unknown): Promise<ReceiverOutcome> => {
    await state.store.release(key);
    const why = `the notification handler failed: ${messageOf(error)}`;
    return rejectedAs(state, { status: 500, answer: { status: 'rejected', guid, error: why } });
  };
  try {
    const handled = state.onNotification({
      message,
      guid,
      body: raw,
      warnings,
      headers,
      receivedAt: new Date(),
    });
    return handled instanceof Promise ? handled.then(done, failed) : done();
  } catch (error) {
    return failed(error);
  }
}

/** Parses and validates a body, then claims its GUID: a first delivery is handed over, a repeat is a duplicate. */
function judgeParsed(
  state: JudgeState,
  raw: Uint8Array,
  headers: Headers,
  etagKey?: string,
): MaybeAsync<ReceiverOutcome> {
  const parsed = parseMessage(raw);
  if ('status' in parsed) return rejectedAs(state, parsed);
  const { message } = parsed;
  const guid = message.GSW_MESSAGE_GUID;
  const mismatch = etagWarning(headers.etag, guid);
  const warnings = mismatch === undefined ? parsed.warnings : [...parsed.warnings, mismatch];
  const key = etagKey !== undefined && headers.etag === guid ? etagKey : normalizeGuid(guid);
  return askStore(
    state,
    guid,
    () => state.store.claim(key),
    (claimed: ClaimResult) =>
      claimed === true
        ? handOver(state, raw, message, warnings, headers, key)
        : claimed === 'in-progress'
          ? inProgressOf(state, guid)
          : duplicateOf(state, guid),
  );
}

/**
 * The reference receiver's judgement of one body, without HTTP: a resend recognised without
 * parsing, strict UTF-8 and JSON, the schema with the tolerant rules, the ETag, deduplication by the
 * body's GUID, then `onNotification` once per GUID. Synchronous unless the store or the application
 * answers with a promise, so the common path costs no promise.
 */
export function createJudge(
  store: DedupeStore,
  stats: ReceiverStats,
  onNotification: ReceiverOptions['onNotification'],
): (raw: Uint8Array, headers: Headers) => MaybeAsync<ReceiverOutcome> {
  const state: JudgeState = { store, stats, onNotification };
  return (raw, headers) => {
    // A resend: the same bytes again. The store is asked first (a map lookup, with the ETag's GUID);
    // only for a GUID it holds are the bytes looked at, and when the body's only GSW_MESSAGE_GUID is
    // the ETag, the resend is acknowledged without parsing again (nothing reaches onNotification twice).
    const { etag } = headers;
    if (store.has === undefined || typeof etag !== 'string' || !GUID_SHAPED.test(etag))
      return judgeParsed(state, raw, headers);
    const key = normalizeGuid(etag);
    return askStore(
      state,
      etag,
      () => store.has!(key),
      (known) =>
        known && carriesOnlyGuid(raw, etag)
          ? duplicateOf(state, etag)
          : judgeParsed(state, raw, headers, key),
    );
  };
}
