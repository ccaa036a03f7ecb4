import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { assumptions } from '../assumptions.js';
import { badOption } from '../errors/OptionError.js';
import { IssueCollector } from '../errors/IssueCollector.js';
import { issue } from '../message/Issue.js';
import { bodyAlreadyRead } from './bodyAlreadyRead.js';
import { createJudge, type MaybeAsync } from './judgeNotification.js';
import { LruDedupeStore } from './LruDedupeStore.js';
import { readBody } from './readBody.js';
import type {
  AnsweredExchange,
  Receiver,
  ReceiverOptions,
  ReceiverOutcome,
  ReceiverStats,
} from './ReceiverTypes.js';
import { answerJson, refusal, writeAnswer } from './writeAnswer.js';

export type {
  Receiver,
  ReceiverOptions,
  ReceivedNotification,
  ReceiverAnswer,
  ReceiverOutcome,
  ReceiverStats,
  AnsweredExchange,
} from './ReceiverTypes.js';

const jsonContentType = /^application\/json\s*(?:;.*)?$/i;
const ignore = (): void => undefined;
const CLOSE = ['connection', 'close'];
const EMPTY = Buffer.alloc(0);
const NO_DATE = new Date(0);

/** A request being handled: what `onAnswered` is told once it is answered. */
interface Pending {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  body: Buffer;
  readonly started: number;
  readonly receivedAt: Date;
}

const CONSUMED =
  'the request body was already read by another middleware (a body parser?) and not handed ' +
  'over: mount receiver.handler before the body parser, or pass the body: receiver.handler(req, res, body)';

/** The body limit and the request timeout, checked: an OptionError names each bad one. */
function limits(options: ReceiverOptions): { bodyLimit: number; bodyTimeoutMs: number } {
  const issues = new IssueCollector();
  const bodyLimit = options.bodyLimit ?? assumptions.receiverBodyLimitBytes;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? assumptions.receiverBodyTimeoutMs;
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1)
    issues.check(() => badOption('bodyLimit', 'a positive integer number of bytes', bodyLimit));
  if (!Number.isFinite(bodyTimeoutMs) || bodyTimeoutMs <= 0)
    issues.check(() =>
      badOption('bodyTimeoutMs', 'a positive number of milliseconds', bodyTimeoutMs),
    );
  issues.throwIfAny();
  return { bodyLimit, bodyTimeoutMs };
}

/** What the request line and headers alone decide: a refusal before any body is read, or nothing. */
function refuseEarly(
  request: IncomingMessage,
  path: string | undefined,
  bodyLimit: number,
): { outcome: ReceiverOutcome; headers?: string[] } | undefined {
  const url = request.url ?? '/';
  if (path !== undefined && url !== path && url.slice(0, url.indexOf('?') >>> 0) !== path)
    return { outcome: refusal(404, `notifications are received at ${path}`) };
  if (request.method !== 'POST')
    return {
      outcome: {
        status: 405,
        answer: {
          status: 'rejected',
          error: `expected the method POST, found ${request.method ?? '(none)'}`,
        },
      },
      headers: ['allow', 'POST'],
    };
  const type = request.headers['content-type'];
  if (type !== 'application/json' && (type === undefined || !jsonContentType.test(type))) {
    const found = type === undefined ? 'nothing' : JSON.stringify(type);
    return {
      outcome: refusal(
        415,
        `expected Content-Type application/json, found ${type === undefined ? 'none' : JSON.stringify(type)}`,
        [issue('Content-Type header', 'wrong-value', '"application/json"', found)],
      ),
    };
  }
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > bodyLimit)
    return {
      outcome: refusal(413, `the body is ${declared} bytes, over the limit of ${bodyLimit}`),
      headers: CLOSE,
    };
  return undefined;
}

/** The raw answer to a request Node refused before the handler saw it whole (a timeout, a malformed request). */
function clientErrorAnswer(error: NodeJS.ErrnoException, bodyTimeoutMs: number): string {
  const [status, text, answer] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [
          408,
          'Request Timeout',
          JSON.stringify(
            refusal(408, `the request did not arrive whole within ${bodyTimeoutMs} ms`).answer,
          ),
        ]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', '']
        : [400, 'Bad Request', ''];
  const type = answer === '' ? '' : 'Content-Type: application/json\r\n';
  return (
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n${type}Content-Length: ` +
    `${Buffer.byteLength(answer)}\r\n\r\n${answer}`
  );
}

/**
 * Creates the reference receiver of contact-processed notifications: it validates with the tolerant
 * rules (unknown fields and enum values are warnings), deduplicates by `GSW_MESSAGE_GUID`, calls
 * `onNotification` once per GUID and answers 200; 400 with the offending fields for an invalid
 * message, 413 over the body limit, 415 for another content type, 405 for another method, 404 for
 * another path, 408 (from its server) for a body that does not arrive in time. It never throws on
 * what a client sends.
 *
 * @example
 * const receiver = createReceiver({ onNotification: async ({ message }) => queue.push(message) });
 * receiver.createServer().listen(8080);
 */
export function createReceiver(options: ReceiverOptions = {}): Receiver {
  const { bodyLimit, bodyTimeoutMs } = limits(options);
  const store = options.store ?? new LruDedupeStore();
  const stats: ReceiverStats = { accepted: 0, duplicates: 0, rejected: 0, inProgress: 0 };
  const judge = createJudge(store, stats, options.onNotification);
  const tooLarge = refusal(413, `the body is over the limit of ${bodyLimit} bytes`);
  const { onAnswered } = options;
  const { judged, refuse } = respondents(judge, stats, onAnswered);

  function handler(request: IncomingMessage, response: ServerResponse, given?: unknown): void {
    request.on('error', ignore);
    const exchange: Pending =
      onAnswered === undefined
        ? { request, response, body: EMPTY, started: 0, receivedAt: NO_DATE }
        : { request, response, body: EMPTY, started: performance.now(), receivedAt: new Date() };
    const early = refuseEarly(request, options.path, bodyLimit);
    if (early !== undefined) {
      request.resume();
      return refuse(exchange, early.outcome, early.headers);
    }
    const already = bodyAlreadyRead(request, given);
    if (already.kind === 'consumed') return refuse(exchange, refusal(500, CONSUMED));
    if (already.kind === 'bytes') {
      exchange.body = already.bytes;
      return already.bytes.byteLength > bodyLimit ? refuse(exchange, tooLarge) : judged(exchange);
    }
    readBody(request, bodyLimit, (read) => {
      if (read.kind !== 'body') return refuse(exchange, tooLarge, CLOSE);
      exchange.body = read.bytes;
      judged(exchange);
    });
  }

  return {
    handler,
    receive: async (body, headers = {}) =>
      judge(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, headers),
    stats,
    store,
    createServer: () => nodeServer(handler, bodyTimeoutMs, stats),
  };
}

/** What `onAnswered` is told of an exchange about to be answered. */
function answered(
  exchange: Pending,
  outcome: ReceiverOutcome,
  answerBody: string,
): AnsweredExchange {
  const { request, body, started } = exchange;
  return {
    receivedAt: exchange.receivedAt,
    method: request.method ?? 'GET',
    path: request.url ?? '/',
    headers: request.headers,
    body,
    outcome,
    answerBody,
    durationMs: performance.now() - started,
  };
}

/** Answering a request: judged (the body to the judge), or refused; `onAnswered` told of each answer. */
function respondents(
  judge: ReturnType<typeof createJudge>,
  stats: ReceiverStats,
  onAnswered: ReceiverOptions['onAnswered'],
) {
  /**
   * Writes an answer; with `onAnswered`, tells it first what was asked and what is answered (a
   * recording then holds every answer that went out, even if the process is killed right after).
   */
  const answer = (exchange: Pending, outcome: ReceiverOutcome, headers?: readonly string[]) => {
    const answerBody = answerJson(outcome.answer);
    try {
      if (onAnswered !== undefined) onAnswered(answered(exchange, outcome, answerBody));
    } catch (error) {
      process.emitWarning(`onAnswered threw: ${String(error)}`, 'CpnReceiverWarning');
    }
    writeAnswer(exchange.response, outcome, headers, answerBody);
  };
  const judged = (exchange: Pending) => {
    let outcome: MaybeAsync<ReceiverOutcome>;
    try {
      outcome = judge(exchange.body, exchange.request.headers);
    } catch (error) {
      outcome = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    whenSettled(outcome, (settled) => answer(exchange, settled));
  };
  const refuse = (exchange: Pending, outcome: ReceiverOutcome, headers?: readonly string[]) => {
    stats.rejected += 1;
    answer(exchange, outcome, headers);
  };

  return { judged, refuse };
}

/** Calls `then` with the outcome now when it is known, or once the application has settled it (500 if it threw). */
function whenSettled(
  outcome: MaybeAsync<ReceiverOutcome>,
  then: (outcome: ReceiverOutcome) => void,
): void {
  if (!(outcome instanceof Promise)) return then(outcome);
  outcome.then(then, (error: unknown) =>
    then(refusal(500, `the receiver failed: ${(error as Error)?.message ?? String(error)}`)),
  );
}

/** A node:http server for the handler; Node answers 408 itself to a request that does not arrive whole in time. */
function nodeServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  bodyTimeoutMs: number,
  stats: ReceiverStats,
): Server {
  const server: Server = createServer(
    {
      requestTimeout: bodyTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(bodyTimeoutMs / 4))),
    },
    handler,
  );
  server.headersTimeout = bodyTimeoutMs;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') stats.rejected += 1;
    if (socket.writable && socket.bytesWritten === 0)
      socket.end(clientErrorAnswer(error, bodyTimeoutMs));
    else socket.destroy();
  });
  return server;
}
