import {
  Agent as HttpAgent,
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { receiverTlsOptions } from '../../http/receiverTls.js';
import type { Exchange, ExchangeFailure, OutgoingRequest } from './Exchange.js';
import { normalizeHeaders } from '../../message/validateNotificationRequest.js';
import type { LagReading } from '../LagMeter.js';

/** How much of an answer's body is kept for the reports. */
const BODY_KEPT = 2048;

/** Where and how the check sends: the receiver's URL, its static headers, the response timeout, the connections. */
export interface ReceiverTarget {
  readonly url: string;
  /** Static headers sent with every request (a token: the only authentication OCS can do). */
  readonly headers: Readonly<Record<string, string>>;
  /** The response timeout in seconds (as said), and in ms (as timed). */
  readonly timeoutSeconds: number;
  readonly timeoutMs: number;
  /**
   * OCS's `http-connection-pool-size`: the most connections the check opens at once (its agent keeps
   * at most this many, and no more requests than this are under way).
   */
  readonly poolSize: number;
  readonly agent: HttpAgent;
  /** When the check started (performance.now()), so exchanges carry comparable times. */
  readonly startedAt: number;
  /**
   * The check's own event-loop lag (on performance.now()'s clock): the response timeout is extended by
   * the lag measured while a request waits, which is the check's delay, not the receiver's.
   */
  readonly lag?: LagReading;
  /** Aborts every request under way (the check interrupted); they end as `interrupted`. */
  readonly signal?: AbortSignal;
}

/** The failure of a request the check itself stopped (interrupted); never judged. */
export const INTERRUPTED = 'interrupted: the check was stopped';

/** The failure of a request the check gave up on once it was sent, as OCS gives up at its response timeout. */
export const GIVEN_UP =
  'given up once sent (its connection closed), as OCS gives up at its response timeout';

/** True for a request the check gave up on once sent ({@link GIVEN_UP}). */
export const givenUp = (e: Exchange) => e.failure?.kind === 'other' && e.failure.text === GIVEN_UP;

/** What else {@link sendExchange} does once the request is written whole. */
export interface WhenWritten {
  /** Called once the request (headers and body) is written whole to the connection. */
  readonly onWritten?: () => void;
  /** Gives the request up then (closes its connection, as OCS does at its response timeout): it ends as {@link GIVEN_UP}. */
  readonly giveUp?: boolean;
}

/**
 * The connections of one check run, as OCS keeps them: at most `poolSize` (its
 * `http-connection-pool-size`), kept alive and reused; a request waits for one of them in the
 * agent's queue (a wait {@link sendExchange} never counts as the receiver's). For https, TLS 1.2+
 * with verification on and the extra CAs trusted.
 */
export function receiverAgent(
  url: string,
  ca: readonly string[] | undefined,
  poolSize: number,
): HttpAgent {
  const pool = { keepAlive: true, maxSockets: poolSize, maxTotalSockets: poolSize };
  return url.startsWith('https:')
    ? new HttpsAgent({ ...pool, ...receiverTlsOptions(ca) })
    : new HttpAgent(pool);
}

function classify(error: NodeJS.ErrnoException): ExchangeFailure {
  const code = error.code ?? '';
  const text = `${error.message}${code !== '' && !error.message.includes(code) ? ` (${code})` : ''}`;
  if (code === 'ECONNREFUSED') return { kind: 'refused', text: 'connection refused' };
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/.test(error.message))
    return { kind: 'reset', text: 'the connection was closed without an answer' };
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(code))
    return { kind: 'tls', text: `TLS failed: ${text}` };
  return { kind: 'other', text };
}

/**
 * Sends one request to the receiver as OCS would (never following a redirect) and records what came
 * back. The whole exchange — connection, answer and its body — is bounded by the response timeout,
 * as OCS's `http-response-timeout` bounds it; past it the request is aborted. Once the target's
 * signal aborts, it is aborted too, and nothing is sent after. `written` is told when the request is
 * on the wire, and may give it up then. Never throws.
 */
export function sendExchange(
  target: ReceiverTarget,
  label: string,
  outgoing: OutgoingRequest,
  written: WhenWritten = {},
): Promise<Exchange> {
  const started = performance.now();
  const base = { label, url: target.url, request: outgoing, startedAt: started - target.startedAt };
  const send = target.url.startsWith('https:') ? httpsRequest : httpRequest;
  const timeoutMs = Math.ceil(target.timeoutMs);
  // Stopped before its turn (it waited for a pooled connection): never sent.
  if (target.signal?.aborted === true) return Promise.resolve(interrupted(base));
  return new Promise((resolve) => {
    let settled = false;
    // Time before the request had a socket (the agent's queue): the check's wait, not the receiver's.
    let queuedMs = 0;
    const lagMs = () => target.lag?.lagBetween(started, performance.now()) ?? 0;
    const finish = (rest: Pick<Exchange, 'status' | 'headers' | 'body' | 'failure'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      target.signal?.removeEventListener('abort', interrupt);
      const lag = lagMs();
      const durationMs = performance.now() - started - queuedMs;
      resolve({ ...base, durationMs, ...(lag > 0 ? { lagMs: lag } : {}), ...rest });
    };
    const req = send(
      target.url,
      {
        method: outgoing.method,
        headers: {
          ...outgoing.headers,
          'content-length': String(Buffer.byteLength(outgoing.body)),
        },
        agent: target.agent,
      },
      (response) => readAnswer(response, finish),
    );
    req.once('socket', () => (queuedMs = performance.now() - started));
    // At the timeout, the time the check itself lost (its queue, its stalled event loop) is added on.
    const expire = () => {
      const left = timeoutMs + queuedMs + lagMs() - (performance.now() - started);
      if (left > 1) timer = setTimeout(expire, left);
      else {
        finish({ failure: { kind: 'timeout' } });
        req.destroy();
      }
    };
    let timer = setTimeout(expire, timeoutMs);
    const interrupt = () => {
      finish({ failure: interrupted({}).failure });
      req.destroy();
    };
    target.signal?.addEventListener('abort', interrupt, { once: true });
    whenWritten(req, written, () => {
      finish({ failure: { kind: 'other', text: GIVEN_UP } });
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish({ failure: classify(error) }));
    req.end(outgoing.body);
  });
}

/** `base` as a request the check stopped (interrupted). */
const interrupted = <T extends object>(base: T) => ({
  ...base,
  durationMs: 0,
  failure: { kind: 'other', text: INTERRUPTED } as const,
});

/** Tells `written` once the request is written whole, and gives it up then when it asks. */
function whenWritten(req: ClientRequest, written: WhenWritten, giveUp: () => void): void {
  if (written.onWritten === undefined && written.giveUp !== true) return;
  req.once('finish', () => {
    written.onWritten?.();
    if (written.giveUp === true) giveUp();
  });
}

/** Reads an answer (its first {@link BODY_KEPT} characters) and hands it on. */
function readAnswer(
  response: IncomingMessage,
  finish: (rest: Pick<Exchange, 'status' | 'headers' | 'body' | 'failure'>) => void,
): void {
  let body = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    if (body.length < BODY_KEPT) body += chunk;
  });
  response.on('end', () =>
    finish({
      status: response.statusCode ?? 0,
      headers: normalizeHeaders(response.headers),
      body: body.slice(0, BODY_KEPT),
    }),
  );
  response.on('error', (error: NodeJS.ErrnoException) => finish({ failure: classify(error) }));
}
