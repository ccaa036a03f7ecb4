import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Agent } from 'undici';
import { normalizeHeaders } from '../../message/validateNotificationRequest.js';
import type { RecordWriter } from '../../record/RecordWriter.js';
import type { ConnectionCounter } from './ConnectionCounter.js';
import { endToEndHeaders, forwardToTarget, type ForwardOutcome } from './forwardToTarget.js';
import type { FlightSignal, InFlight } from './InFlight.js';
import type { NotificationTracker } from './NotificationTracker.js';
import type { ProxyAnswer, ProxyExchange } from './ProxyExchange.js';
import { recordedExchange } from './recordedExchange.js';

/** What relaying an exchange needs: where to, with what, and where its facts go. */
export interface RelayContext {
  readonly target: URL;
  readonly agent: Agent;
  readonly tracker: NotificationTracker;
  readonly connections: ConnectionCounter;
  /** How long the target has for its whole answer, in ms. */
  readonly limitMs: number;
  readonly record: RecordWriter | undefined;
  readonly inflight: InFlight;
  readonly unreachable: { count: number; first: string };
  readonly forwarded: { total: number; answered: number };
}

/** The whole body of a request; `left` when the sender went before its end, `cut` when the proxy stopped first. */
function readBody(req: IncomingMessage, stop: FlightSignal): Promise<Buffer | 'left' | 'cut'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const cut = () => resolve('cut');
    stop.once('abort', cut);
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      stop.off('abort', cut);
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on('close', () => {
      if (!req.complete) resolve('left');
    });
  });
}

/**
 * One request: read whole, forwarded at once, filed under its notification while the target works,
 * recorded (before its answer goes out, so an answer the sender got is always in the recording),
 * answered, judged. A request the sender abandons before the end of its body, or that the proxy's
 * stop cuts short, is recorded with why, and neither forwarded nor judged.
 */
export async function relayExchange(
  req: IncomingMessage,
  res: ServerResponse,
  context: RelayContext,
): Promise<void> {
  const flight = context.inflight.start();
  try {
    await relay(req, res, context, flight.signal);
  } finally {
    flight.end();
  }
}

async function relay(
  req: IncomingMessage,
  res: ServerResponse,
  context: RelayContext,
  stop: FlightSignal,
): Promise<void> {
  const startedAt = performance.now();
  const body = await readBody(req, stop);
  const exchange: ProxyExchange = {
    startedAt,
    receivedAt: new Date(),
    connection: context.connections.idOf(req.socket),
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers: normalizeHeaders(req.headers),
    body: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
  };
  if (!Buffer.isBuffer(body)) return unread(exchange, body, res, context);
  const forwarded = { ...exchange, headers: endToEndHeaders(exchange.headers) };
  context.forwarded.total += 1;
  const forwarding = forwardToTarget(
    context.agent,
    context.target,
    forwarded,
    context.limitMs,
    stop,
  );
  const attempt = context.tracker.arrived(exchange);
  res.on('close', () => {
    if (res.writableFinished) return;
    exchange.senderLeftAfterMs = performance.now() - startedAt;
    context.tracker.left(exchange);
  });
  const outcome = await forwarding;
  exchange.durationMs = performance.now() - startedAt;
  const answer = settleAnswer(exchange, outcome, context);
  const send = () => {
    if (!res.destroyed) res.writeHead(answer.status, answer.headers).end(answer.body);
    context.tracker.finished(exchange);
  };
  if (context.record === undefined) send();
  else context.record.writeThen(recordedExchange(exchange, attempt), send);
}

/** A request whose body never came whole: recorded with why; the proxy's stop answers 503. */
function unread(
  exchange: ProxyExchange,
  why: 'left' | 'cut',
  res: ServerResponse,
  context: RelayContext,
): void {
  exchange.targetFailure =
    why === 'left'
      ? 'the sender closed the connection before the end of its body'
      : "cut short: the proxy was stopped while the request's body was still coming";
  context.record?.write(recordedExchange(exchange, 0));
  if (why === 'cut' && !res.destroyed)
    res
      .writeHead(503, { 'content-type': 'application/json', connection: 'close' })
      .end(JSON.stringify({ error: `cpn-kit proxy: ${exchange.targetFailure}` }));
}

/** The status the proxy answers itself for each kind of failure. */
const OWN_STATUS = { unreachable: 502, timeout: 504, cut: 503 } as const;

/**
 * Files what came of forwarding in the exchange, and returns the answer for the sender: the target's
 * unchanged, or the proxy's own (502 unreachable, 504 no answer in time, 503 cut short by a stop).
 */
function settleAnswer(
  exchange: ProxyExchange,
  outcome: ForwardOutcome,
  context: RelayContext,
): ProxyAnswer {
  if ('answer' in outcome) {
    context.forwarded.answered += 1;
    exchange.answer = outcome.answer;
    return outcome.answer;
  }
  exchange.targetFailure = outcome.failure;
  if (outcome.kind === 'cut') exchange.cutShort = true;
  if (outcome.kind === 'unreachable') {
    context.unreachable.count += 1;
    context.unreachable.first ||= outcome.failure;
  }
  const body = JSON.stringify({
    error: `cpn-kit proxy: ${outcome.failure} (${context.target.href})`,
  });
  exchange.proxyAnswer = {
    status: OWN_STATUS[outcome.kind],
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(body),
  };
  return exchange.proxyAnswer;
}
