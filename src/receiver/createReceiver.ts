import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ContactProcessed } from '../message/ContactProcessed.generated.js';
import { issue, type Issue } from '../message/Issue.js';
import { validateContactProcessed } from '../message/validateContactProcessed.js';
import { normalizeGuid, type DedupeStore } from './DedupeStore.js';
import { LruDedupeStore } from './LruDedupeStore.js';
import { bodyAlreadyRead, type ReadBody } from './bodyAlreadyRead.js';

/**
 * The largest body the reference receiver reads, in bytes (assumed: a notification with every
 * field is about 1.5 kB; user fields add some; 256 KiB leaves ample room). Larger bodies get 413.
 */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

/**
 * How long the receiver waits for a whole request body, in milliseconds, before it answers 408
 * (assumed: OCS sends a small body at once; a sender that trickles is broken or hostile).
 */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/** One accepted notification, as `onNotification` gets it. */
export interface ReceivedNotification {
  readonly message: ContactProcessed;
  /** `GSW_MESSAGE_GUID` as sent. */
  readonly guid: string;
  /** Tolerated oddities: unknown `GSW_` fields, enum values past the known tables, an ETag that differs. */
  readonly warnings: readonly Issue[];
  /** Request headers, lower-case names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly receivedAt: Date;
}

/** Options of {@link createReceiver}. */
export interface ReceiverOptions {
  /**
   * Called once per GUID with each valid notification, before the receiver answers. When it
   * throws or rejects, the receiver answers 500 and forgets the GUID, so that OCS's retry is
   * handled again. Keep it quick (put the message on a queue): OCS waits for the answer.
   */
  readonly onNotification?: (notification: ReceivedNotification) => void | Promise<void>;
  /** Where GUIDs are remembered; default a bounded in-memory {@link LruDedupeStore}. */
  readonly store?: DedupeStore;
  /** Largest body in bytes; default {@link DEFAULT_BODY_LIMIT}. */
  readonly bodyLimit?: number;
  /** Body read timeout in milliseconds; default {@link DEFAULT_BODY_TIMEOUT_MS}. */
  readonly bodyTimeoutMs?: number;
  /** Only this path is served (others get 404); default any path. */
  readonly path?: string;
}

/** Counters of what a receiver answered. */
export interface ReceiverStats {
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** A reference receiver: a node:http request handler and a server factory around it. */
export interface Receiver {
  /**
   * The request handler; mount it in node:http, or in a framework. Behind a body parser it takes the
   * body the framework read: Express's `req.body` (or a `rawBody` kept by a verify hook) by itself,
   * or the `body` given: `receiver.handler(request.raw, reply.raw, request.body)` in Fastify after
   * `reply.hijack()`, `receiver.handler(ctx.req, ctx.res, ctx.request.rawBody)` in Koa with
   * `ctx.respond = false`. Raw bytes are best: a parsed object is judged as its JSON written again.
   */
  readonly handler: (request: IncomingMessage, response: ServerResponse, body?: unknown) => void;
  /** A node:http server using the handler, with request timeouts set. Not yet listening. */
  createServer(): Server;
  /**
   * The same judgement without HTTP, for a worker that takes raw bodies off a queue: validates,
   * deduplicates, calls `onNotification`, and says which status the HTTP handler would answer.
   */
  receive(body: string | Uint8Array, headers?: Readonly<Record<string, string | string[] | undefined>>): Promise<ReceiverOutcome>;
  readonly stats: ReceiverStats;
  readonly store: DedupeStore;
}

/** What the receiver made of one body: the HTTP status it answers and the JSON answer. */
export interface ReceiverOutcome {
  readonly status: number;
  readonly answer: ReceiverAnswer;
}

/** The JSON body of every answer of the reference receiver. */
export interface ReceiverAnswer {
  readonly status: 'accepted' | 'duplicate' | 'rejected';
  readonly guid?: string;
  /** For `rejected`: what was wrong, in words. */
  readonly error?: string;
  /** For `rejected`: each offending field, with what was expected and found. */
  readonly issues?: readonly Issue[];
  readonly warnings?: readonly Issue[];
}

function send(response: ServerResponse, status: number, answer: ReceiverAnswer, extraHeaders: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  const body = JSON.stringify(answer);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...extraHeaders });
  response.end(body);
}

function reject(response: ServerResponse, status: number, error: string, issues: readonly Issue[] = [], close = false): void {
  send(response, status, { status: 'rejected', error, issues }, close ? { connection: 'close' } : {});
}

/** A request whose body is still arriving. */
interface PendingBody {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly startedAt: number;
  done: boolean;
  readonly chunks: Buffer[];
  received: number;
}

const ignore = (): void => undefined;

/** Strict decoding: bytes that are not UTF-8 are an error, not silently replaced characters. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const jsonContentType = /^application\/json\s*(?:;.*)?$/i;

const guidKey = Buffer.from('"GSW_MESSAGE_GUID"');

/**
 * The GUID of a resent notification, read without parsing: the ETag when the body carries it,
 * verbatim, as its one and only `"GSW_MESSAGE_GUID":"<etag>"`. Anything else (another GUID in the
 * body, spacing, a repeated key) returns undefined and the body is judged in full, so a stale or
 * wrong ETag can never stand in for the body's GUID.
 */
function resentGuid(raw: Uint8Array, etag: string | string[] | undefined): string | undefined {
  if (typeof etag !== 'string' || !/^[{}0-9A-Fa-f-]{32,38}$/.test(etag)) return undefined;
  const body = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const key = body.indexOf(guidKey);
  if (key < 0 || body.indexOf(guidKey, key + guidKey.length) >= 0) return undefined;
  return body.includes(`"GSW_MESSAGE_GUID":"${etag}"`) ? etag : undefined;
}

/**
 * Creates the reference receiver of contact-processed notifications: it validates with the tolerant
 * rules (unknown fields and enum values are warnings), deduplicates by `GSW_MESSAGE_GUID`, calls
 * `onNotification` once per GUID and answers 200; 400 with the offending fields for an invalid
 * message, 413 over the body limit, 415 for another content type, 405 for another method, 408 for
 * a body that does not arrive in time. It never throws on what a client sends.
 *
 * @example
 * const receiver = createReceiver({ onNotification: async ({ message }) => queue.push(message) });
 * receiver.createServer().listen(8080);
 */
export function createReceiver(options: ReceiverOptions = {}): Receiver {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1) throw new RangeError(`bodyLimit: expected a positive integer number of bytes, found ${String(bodyLimit)}`);
  if (!Number.isFinite(bodyTimeoutMs) || bodyTimeoutMs <= 0) throw new RangeError(`bodyTimeoutMs: expected a positive number of milliseconds, found ${String(bodyTimeoutMs)}`);
  const store = options.store ?? new LruDedupeStore();
  const stats: ReceiverStats = { accepted: 0, duplicates: 0, rejected: 0 };
  const onNotification = options.onNotification;

  async function receive(raw: Uint8Array, headers: Readonly<Record<string, string | string[] | undefined>> = {}): Promise<ReceiverOutcome> {
    const rejected = (status: number, error: string, issues: readonly Issue[]): ReceiverOutcome => {
      stats.rejected += 1;
      return { status, answer: { status: 'rejected', error, issues } };
    };
    // A resend: the same bytes again. When the body's only GSW_MESSAGE_GUID is the ETag and the store
    // already holds it, acknowledge without parsing again (nothing reaches onNotification twice).
    const resent = store.has === undefined ? undefined : resentGuid(raw, headers.etag);
    if (resent !== undefined) {
      const known = store.has!(normalizeGuid(resent));
      if (typeof known === 'boolean' ? known : await known) {
        stats.duplicates += 1;
        return { status: 200, answer: { status: 'duplicate', guid: resent } };
      }
    }
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      return rejected(400, 'the body is not UTF-8 text', [issue('(body)', 'not-json', 'JSON in UTF-8', 'bytes that are not valid UTF-8')]);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return rejected(400, 'the body is not JSON', [issue('(body)', 'not-json', 'a JSON object', `text that is not JSON (${(error as Error).message})`)]);
    }
    const result = validateContactProcessed(parsed);
    if (!result.valid) return rejected(400, `invalid notification: ${result.errors.map((e) => e.field).join(', ')}`, result.errors);
    const message = parsed as ContactProcessed;
    const guid = message.GSW_MESSAGE_GUID;
    const warnings = [...result.warnings];
    const etag = headers.etag;
    if (typeof etag === 'string' && normalizeGuid(etag.replace(/^W\//, '').replace(/"/g, '')) !== normalizeGuid(guid)) {
      warnings.push(issue('ETag header', 'header-mismatch', `the body's GSW_MESSAGE_GUID, ${JSON.stringify(guid)}`, JSON.stringify(etag)));
    }
    const key = normalizeGuid(guid);
    const claimed = store.claim(key);
    const first = typeof claimed === 'boolean' ? claimed : await claimed;
    if (!first) {
      stats.duplicates += 1;
      return { status: 200, answer: { status: 'duplicate', guid } };
    }
    if (onNotification !== undefined) {
      try {
        await onNotification({ message, guid, warnings, headers, receivedAt: new Date() });
      } catch (error) {
        await store.release(key);
        stats.rejected += 1;
        return { status: 500, answer: { status: 'rejected', guid, error: `the notification handler failed: ${(error as Error)?.message ?? String(error)}` } };
      }
    }
    stats.accepted += 1;
    return { status: 200, answer: warnings.length > 0 ? { status: 'accepted', guid, warnings } : { status: 'accepted', guid } };
  }

  async function accept(request: IncomingMessage, response: ServerResponse, raw: Buffer): Promise<void> {
    const outcome = await receive(raw, request.headers);
    send(response, outcome.status, outcome.answer);
  }

  function handler(request: IncomingMessage, response: ServerResponse, given?: unknown): void {
    request.on('error', ignore);
    if (options.path !== undefined && (request.url ?? '/').split('?')[0] !== options.path) {
      stats.rejected += 1;
      request.resume();
      reject(response, 404, `notifications are received at ${options.path}`);
      return;
    }
    if (request.method !== 'POST') {
      stats.rejected += 1;
      request.resume();
      send(response, 405, { status: 'rejected', error: `expected the method POST, found ${request.method ?? '(none)'}` }, { allow: 'POST' });
      return;
    }
    const contentType = request.headers['content-type'];
    if (contentType === undefined || !jsonContentType.test(contentType)) {
      stats.rejected += 1;
      request.resume();
      reject(response, 415, `expected Content-Type application/json, found ${contentType === undefined ? 'none' : JSON.stringify(contentType)}`, [
        issue('Content-Type header', 'wrong-value', '"application/json"', contentType === undefined ? 'nothing' : JSON.stringify(contentType)),
      ]);
      return;
    }
    const declared = request.headers['content-length'];
    if (declared !== undefined && Number(declared) > bodyLimit) {
      stats.rejected += 1;
      request.resume();
      reject(response, 413, `the body is ${declared} bytes, over the limit of ${bodyLimit}`, [], true);
      return;
    }
    const read = bodyAlreadyRead(request, given);
    if (read.kind !== 'unread') {
      judgeReadBody(request, response, read);
      return;
    }
    const pending: PendingBody = { request, response, startedAt: Date.now(), done: false, chunks: [], received: 0 };
    watch(pending);
    request.on('data', (chunk: Buffer) => {
      if (pending.done) return;
      pending.received += chunk.byteLength;
      if (pending.received > bodyLimit) {
        settle(pending);
        pending.chunks.length = 0;
        stats.rejected += 1;
        reject(response, 413, `the body is over the limit of ${bodyLimit} bytes`, [], true);
        return;
      }
      pending.chunks.push(chunk);
    });
    request.on('end', () => {
      if (pending.done) return;
      settle(pending);
      const { chunks } = pending;
      const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, pending.received);
      accept(request, response, raw).catch((error: unknown) => {
        stats.rejected += 1;
        send(response, 500, { status: 'rejected', error: `the receiver failed: ${(error as Error)?.message ?? String(error)}` });
      });
    });
  }

  /** A body a framework read before the handler: judged at once, or a 500 that names why it cannot be. */
  function judgeReadBody(request: IncomingMessage, response: ServerResponse, read: Exclude<ReadBody, { kind: 'unread' }>): void {
    if (read.kind === 'consumed') {
      stats.rejected += 1;
      send(response, 500, {
        status: 'rejected',
        error: 'the request body was already read by another middleware (a body parser?) and not handed over: mount receiver.handler before the body parser, or pass the body: receiver.handler(req, res, body)',
      });
      return;
    }
    if (read.bytes.byteLength > bodyLimit) {
      stats.rejected += 1;
      reject(response, 413, `the body is over the limit of ${bodyLimit} bytes`);
      return;
    }
    accept(request, response, read.bytes).catch((error: unknown) => {
      stats.rejected += 1;
      send(response, 500, { status: 'rejected', error: `the receiver failed: ${(error as Error)?.message ?? String(error)}` });
    });
  }

  /*
   * Slow bodies: one shared, unref'd sweep per receiver instead of a timer per request (a timer per
   * request costs measurable throughput). A body still incomplete after bodyTimeoutMs gets 408.
   */
  const pendingBodies = new Set<PendingBody>();
  let sweeper: NodeJS.Timeout | undefined;
  function watch(pending: PendingBody): void {
    pendingBodies.add(pending);
    if (sweeper === undefined) {
      sweeper = setInterval(sweep, Math.max(10, Math.min(1000, Math.floor(bodyTimeoutMs / 4))));
      sweeper.unref();
    }
  }
  function settle(pending: PendingBody): void {
    pending.done = true;
    pendingBodies.delete(pending);
  }
  function sweep(): void {
    const now = Date.now();
    for (const pending of pendingBodies) {
      if (pending.request.destroyed) {
        settle(pending);
      } else if (now - pending.startedAt >= bodyTimeoutMs) {
        settle(pending);
        pending.chunks.length = 0;
        stats.rejected += 1;
        reject(pending.response, 408, `the body did not arrive within ${bodyTimeoutMs} ms`, [], true);
        pending.request.resume();
      }
    }
    if (pendingBodies.size === 0 && sweeper !== undefined) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  }

  return {
    handler,
    receive: (body, headers) => receive(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, headers),
    stats,
    store,
    createServer() {
      const server = createServer(handler);
      server.headersTimeout = bodyTimeoutMs;
      server.requestTimeout = bodyTimeoutMs * 2;
      return server;
    },
  };
}
