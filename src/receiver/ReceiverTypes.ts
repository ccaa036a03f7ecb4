import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ContactProcessed } from '../message/ContactProcessed.generated.js';
import type { Issue } from '../message/Issue.js';
import type { DedupeStore } from './DedupeStore.js';

/** One accepted notification, as `onNotification` gets it. */
export interface ReceivedNotification {
  readonly message: ContactProcessed;
  /** `GSW_MESSAGE_GUID` as sent. */
  readonly guid: string;
  /** The body's bytes as they came (the message is parsed from them). */
  readonly body: Uint8Array;
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
  /**
   * Where GUIDs are remembered; default a bounded in-memory LruDedupeStore. Share one between
   * instances (`RedisDedupeStore` of `cpn-kit/redis`) when several receive the same OCS's traffic.
   */
  readonly store?: DedupeStore;
  /** Largest body in bytes; default `assumptions.receiverBodyLimitBytes` (256 KiB); larger bodies get 413. */
  readonly bodyLimit?: number;
  /**
   * How long the server made by `createServer` waits for a whole request, in milliseconds; default
   * `assumptions.receiverBodyTimeoutMs` (10 s); a slower one gets 408 (Node's `requestTimeout`).
   * Mounted in another server, that server's own request timeout applies.
   */
  readonly bodyTimeoutMs?: number;
  /** Only this path is served (others get 404); default any path. */
  readonly path?: string;
  /**
   * Called with each request and its answer just before the answer is written (for `receive
   * --record`: a line written here is on disk before the sender can have the answer). Keep it quick
   * and synchronous; what it throws does not stop the answer.
   */
  readonly onAnswered?: (exchange: AnsweredExchange) => void;
}

/** One request the receiver answered, as `onAnswered` gets it. */
export interface AnsweredExchange {
  readonly receivedAt: Date;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as read (empty when it was refused before being read). */
  readonly body: Buffer;
  readonly outcome: ReceiverOutcome;
  /** The answer's JSON, exactly as written. */
  readonly answerBody: string;
  readonly durationMs: number;
}

/** Counters of what a receiver answered. */
export interface ReceiverStats {
  /** First deliveries handled and acknowledged (200). */
  accepted: number;
  /** Deliveries of a notification already handled, acknowledged without handling it again (200). */
  duplicates: number;
  /** Deliveries refused (4xx, or 5xx when the handler or the dedupe store failed). */
  rejected: number;
  /** Duplicates that came while the first delivery was still being handled: 503, to be retried. */
  inProgress: number;
}

/** What the receiver made of one body: the HTTP status it answers and the JSON answer. */
export interface ReceiverOutcome {
  readonly status: number;
  readonly answer: ReceiverAnswer;
}

/** The JSON body of every answer of the reference receiver. */
export interface ReceiverAnswer {
  /** `in-progress`: a duplicate that came while the first delivery was still being handled (503). */
  readonly status: 'accepted' | 'duplicate' | 'in-progress' | 'rejected';
  readonly guid?: string;
  /** For `rejected`: what was wrong, in words. */
  readonly error?: string;
  /** For `rejected`: each offending field, with what was expected and found. */
  readonly issues?: readonly Issue[];
  readonly warnings?: readonly Issue[];
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
  /** A node:http server using the handler, with its request timeout set to `bodyTimeoutMs`. Not yet listening. */
  createServer(): Server;
  /**
   * The same judgement without HTTP, for a worker that takes raw bodies off a queue: validates,
   * deduplicates, calls `onNotification`, and says which status the HTTP handler would answer.
   */
  receive(
    body: string | Uint8Array,
    headers?: Readonly<Record<string, string | string[] | undefined>>,
  ): Promise<ReceiverOutcome>;
  readonly stats: ReceiverStats;
  readonly store: DedupeStore;
}
