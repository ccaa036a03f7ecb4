import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Agent } from 'undici';
import { normalizeHeaders } from '../../message/validateNotificationRequest.js';
import type { RecordWriter } from '../../record/RecordWriter.js';
import type { ConnectionCounter } from './ConnectionCounter.js';
import { endToEndOf, forwardToTarget, type ForwardOutcome } from './forwardToTarget.js';
import { passOn } from './passOn.js';
import { readRequestBody, type UnreadBody } from './readRequestBody.js';
import {
  bodyTooLarge,
  refuseBeforeForwarding,
  type ProxyRefusal,
} from './refuseBeforeForwarding.js';
import type { FlightSignal, InFlight } from './InFlight.js';
import type { NotificationTracker } from './NotificationTracker.js';
import type { ProxyAnswer, ProxyExchange } from './ProxyExchange.js';
import { recordedExchange } from './recordedExchange.js';

/** What relaying an exchange needs: where to, with what, and where its facts go. */
export interface RelayContext {
  readonly target: URL;
  /** The target as the proxy's own answers name it: its secrets masked. */
  readonly shownTarget: string;
  readonly agent: Agent;
  readonly tracker: NotificationTracker;
  readonly connections: ConnectionCounter;
  /** How long the target has for its whole answer, in ms, and how much of it the proxy keeps. */
  readonly limits: {
    readonly ms: number;
    readonly keptBytes: number;
    readonly ca?: readonly string[];
  };
  /** The largest request body read, and how long a request may take to arrive whole. */
  readonly body: { readonly bytes: number; readonly timeoutMs: number };
  readonly record: RecordWriter | undefined;
  readonly inflight: InFlight;
  readonly unreachable: { count: number; first: string };
  readonly forwarded: { total: number; answered: number };
  /** Requests the proxy answered itself without forwarding them: how many, and the first why. */
  readonly refused: { count: number; first: string };
}

/**
 * One request: read whole (up to the body limit), forwarded at once, filed under its notification
 * while the target works, recorded (before its answer goes out, so an answer the sender got is always
 * in the recording), answered, judged. A request the proxy refuses (a dot segment in its path, a body
 * over the limit), one the sender abandons before the end of its body or sends too slowly, and one the
 * proxy's stop cuts short, are recorded with why, and neither forwarded nor judged.
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

function exchangeOf(req: IncomingMessage, context: RelayContext, body: Buffer): ProxyExchange {
  return {
    startedAt: performance.now(),
    receivedAt: new Date(),
    connection: context.connections.idOf(req.socket),
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers: normalizeHeaders(req.headers),
    body,
  };
}

async function relay(
  req: IncomingMessage,
  res: ServerResponse,
  context: RelayContext,
  stop: FlightSignal,
): Promise<void> {
  const early = refuseBeforeForwarding(req, context.body.bytes);
  if (early !== undefined) return refuse(exchangeOf(req, context, EMPTY), early, res, context);
  const exchange = exchangeOf(req, context, EMPTY);
  const body = await readRequestBody(req, context.body, stop);
  if (!Buffer.isBuffer(body)) return unread(exchange, body, res, context);
  exchange.body = body;
  const forwarded = { ...exchange, headers: endToEndOf(exchange.headers) };
  context.forwarded.total += 1;
  const forwarding = forwardToTarget(
    context.agent,
    context.target,
    forwarded,
    context.limits,
    stop,
  );
  const attempt = context.tracker.arrived(exchange);
  res.on('close', () => {
    if (res.writableFinished) return;
    exchange.senderLeftAfterMs = performance.now() - exchange.startedAt;
    context.tracker.left(exchange);
  });
  const outcome = await forwarding;
  exchange.durationMs = performance.now() - exchange.startedAt;
  const answer = settleAnswer(exchange, outcome, context);
  if ('rest' in outcome && outcome.rest !== undefined)
    return passOn(exchange, answer, outcome.rest, res, { context, attempt });
  const send = () => {
    if (!res.destroyed) res.writeHead(answer.status, answer.headers).end(answer.body);
    context.tracker.finished(exchange);
  };
  if (context.record === undefined) send();
  else context.record.writeThen(recordedExchange(exchange, attempt), send);
}

const EMPTY = Buffer.alloc(0);

/**
 * The proxy's own short JSON answer. A refusal keeps the connection: Node then reads the rest of the
 * request and drops it, so a sender still writing its body reads the answer (closing at once would
 * reset the connection under it, and its answer with it); a stop closes it.
 */
function answerItself(
  res: ServerResponse,
  status: number,
  why: string,
  close = false,
): ProxyAnswer {
  const answer = {
    status,
    headers: {
      'content-type': 'application/json',
      ...(close ? { connection: 'close' } : {}),
    },
    body: Buffer.from(JSON.stringify({ error: `cpn-kit proxy: ${why}` })),
  };
  if (!res.destroyed && !res.headersSent)
    res.writeHead(answer.status, answer.headers).end(answer.body);
  return answer;
}

/** A request the proxy refuses itself: answered, counted, recorded; not forwarded, not judged. */
function refuse(
  exchange: ProxyExchange,
  refusal: ProxyRefusal,
  res: ServerResponse,
  context: RelayContext,
): void {
  exchange.targetFailure = `refused by the proxy: ${refusal.why}`;
  exchange.proxyAnswer = answerItself(res, refusal.status, refusal.why);
  context.refused.count += 1;
  context.refused.first ||= refusal.why;
  context.record?.write(recordedExchange(exchange, 0));
}

/** A request whose body never came whole: recorded with why; answered when the proxy ended it. */
function unread(
  exchange: ProxyExchange,
  why: UnreadBody,
  res: ServerResponse,
  context: RelayContext,
): void {
  if (why === 'too-large') return refuse(exchange, bodyTooLarge(context.body.bytes), res, context);
  exchange.targetFailure =
    why === 'left'
      ? 'the sender closed the connection before the end of its body'
      : why === 'too-slow'
        ? `the request did not arrive whole within ${context.body.timeoutMs / 1000} s: answered 408`
        : "cut short: the proxy was stopped while the request's body was still coming";
  if (why === 'cut') exchange.proxyAnswer = answerItself(res, 503, exchange.targetFailure, true);
  context.record?.write(recordedExchange(exchange, 0));
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
    error: `cpn-kit proxy: ${outcome.failure} (${context.shownTarget})`,
  });
  exchange.proxyAnswer = {
    status: OWN_STATUS[outcome.kind],
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(body),
  };
  return exchange.proxyAnswer;
}
