import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { Agent } from 'undici';
import { assumptions } from '../../assumptions.js';
import { badOption } from '../../errors/OptionError.js';
import { listen } from '../../http/listen.js';
import { parseHttpUrl } from '../../http/parseHttpUrl.js';
import { receiverTlsOptions } from '../../http/receiverTls.js';
import { RecordWriter } from '../../record/RecordWriter.js';
import type { Report } from '../../report/Report.js';
import { startReport } from '../../report/startReport.js';
import { retryPolicy } from '../../retry/retryPolicy.js';
import { ConnectionCounter } from './ConnectionCounter.js';
import { endToEndHeaders, forwardToTarget } from './forwardToTarget.js';
import { NotificationTracker } from './NotificationTracker.js';
import type { ProxyExchange } from './ProxyExchange.js';
import type { ProxyOptions } from './ProxyOptions.js';
import { proxyFindings } from './proxyFindings.js';
import { ProxyTally } from './ProxyTally.js';
import { recordedExchange } from './recordedExchange.js';
import type { JudgedNotification } from './TrackedNotification.js';
import { normalizeHeaders } from '../../message/validateNotificationRequest.js';

export type { ProxyOptions } from './ProxyOptions.js';

/** A running proxy. */
export interface RunningProxy {
  /** Where the sender posts: `http://127.0.0.1:8080/` (OCS's contact-processed-notification-uri). */
  readonly url: string;
  /** Stops, judges what is still open as it stands, and returns the report. */
  readonly close: () => Promise<Report>;
}

/** The settings, checked (an OptionError names every bad one). */
function settingsOf(options: ProxyOptions) {
  const target = parseHttpUrl(options.target, 'target');
  const policy = retryPolicy(options);
  const timeoutSeconds = options.responseTimeout ?? assumptions.responseTimeoutSeconds;
  if (!(timeoutSeconds > 0))
    badOption('responseTimeout', 'a number of seconds greater than 0', options.responseTimeout);
  const poolSize = options.connectionPoolSize ?? assumptions.connectionPoolSize;
  if (!Number.isInteger(poolSize) || poolSize < 1)
    badOption('connectionPoolSize', 'an integer 1 or more', poolSize);
  const retryWindowMs = (options.retryWindow ?? 2 * timeoutSeconds + 5) * 1000;
  if (!(retryWindowMs > 0))
    badOption('retryWindow', 'a number of seconds greater than 0', options.retryWindow);
  if (options.ca !== undefined && target.protocol !== 'https:')
    badOption('ca', 'to be given only with an https:// target', options.target);
  return { target, policy, timeoutSeconds, poolSize, retryWindowMs };
}

/**
 * Starts the judging proxy between a sender (OCS) and a receiver (the CRM): every request is forwarded
 * unchanged and its answer returned unchanged (a 3xx too: nothing is followed), and every notification
 * is judged live against the sender's settings — same bytes on every attempt, retries as configured,
 * no redirect followed, the pool respected, valid requests; no 3xx, answers in time, no 2xx to an
 * invalid message, nothing lost, duplicates acknowledged. A target that cannot be reached gets the
 * sender a 502.
 *
 * @example
 * const proxy = await startProxy({ target: 'https://crm.example.com/ocs', port: 8080, retryMaxAttempts: 3 });
 * // … OCS posts to proxy.url …
 * const report = await proxy.close();
 */
export async function startProxy(
  options: ProxyOptions,
  onJudged: (judged: JudgedNotification) => void = () => undefined,
): Promise<RunningProxy> {
  const settings = settingsOf(options);
  const report = startReport('proxy', settings.target.href);
  const tally = new ProxyTally(settings.timeoutSeconds);
  const tracker = new NotificationTracker({
    context: { policy: settings.policy, timeoutSeconds: settings.timeoutSeconds },
    retryWindowMs: settings.retryWindowMs,
    onJudged: (judged) => {
      tally.add(judged);
      onJudged(judged);
    },
  });
  const record = options.record === undefined ? undefined : new RecordWriter(options.record);
  const agent = new Agent({ connect: receiverTlsOptions(options.ca), keepAliveTimeout: 60_000 });
  const connections = new ConnectionCounter(settings.poolSize);
  const unreachable = { count: 0, first: '' };
  const limitMs = 2 * settings.timeoutSeconds * 1000 + 5000;
  const context: RelayContext = {
    ...settings,
    agent,
    tracker,
    connections,
    limitMs,
    record,
    unreachable,
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => void relay(req, res, context);
  const server: Server = options.tls
    ? createHttpsServer({ ...options.tls }, handle)
    : createHttpServer(handle);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) =>
    connections.opened(socket),
  );
  const listening = await listen(
    server,
    options.host ?? '127.0.0.1',
    options.port ?? 8080,
    options.tls !== undefined,
  );
  return {
    url: `${listening.origin}/`,
    close: async () => {
      await listening.close();
      tracker.finish();
      await agent.close();
      await record?.close();
      const extra = { connections, unreachable, recorded: record?.count, record: options.record };
      return report.finish(proxyFindings(tally, { ...settings, ...extra }));
    },
  };
}

interface RelayContext extends ReturnType<typeof settingsOf> {
  readonly agent: Agent;
  readonly tracker: NotificationTracker;
  readonly connections: ConnectionCounter;
  readonly limitMs: number;
  readonly record: RecordWriter | undefined;
  readonly unreachable: { count: number; first: string };
}

/** The whole body of a request, or undefined when the sender left before its end. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('close', () => {
      if (!req.complete) resolve(undefined);
    });
  });
}

/**
 * One request: read whole, forwarded at once, filed under its notification while the target works,
 * answered, recorded, judged. A request the sender abandons before the end of its body is recorded
 * with that failure, and neither forwarded nor judged.
 */
async function relay(
  req: IncomingMessage,
  res: ServerResponse,
  context: RelayContext,
): Promise<void> {
  const startedAt = performance.now();
  const body = await readBody(req);
  const exchange: ProxyExchange = {
    startedAt,
    receivedAt: new Date(),
    connection: context.connections.idOf(req.socket),
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers: normalizeHeaders(req.headers),
    body: body ?? Buffer.alloc(0),
  };
  if (body === undefined) {
    exchange.targetFailure = 'the sender closed the connection before the end of its body';
    context.record?.write(recordedExchange(exchange, 0));
    return;
  }
  const forwarded = { ...exchange, headers: endToEndHeaders(exchange.headers) };
  const forwarding = forwardToTarget(context.agent, context.target, forwarded, context.limitMs);
  const attempt = context.tracker.arrived(exchange);
  res.on('close', () => {
    if (res.writableFinished) return;
    exchange.senderLeftAfterMs = performance.now() - startedAt;
    context.tracker.left(exchange);
  });
  const outcome = await forwarding;
  exchange.durationMs = performance.now() - startedAt;
  answerSender(res, exchange, outcome, context);
  context.record?.write(recordedExchange(exchange, attempt));
  context.tracker.finished(exchange);
}

/** Passes the target's answer on unchanged, or answers 502 (unreachable) / 504 (no answer) itself. */
function answerSender(
  res: ServerResponse,
  exchange: ProxyExchange,
  outcome: Awaited<ReturnType<typeof forwardToTarget>>,
  context: RelayContext,
): void {
  if ('answer' in outcome) {
    exchange.answer = outcome.answer;
    if (!res.destroyed)
      res.writeHead(outcome.answer.status, outcome.answer.headers).end(outcome.answer.body);
    return;
  }
  exchange.targetFailure = outcome.failure;
  const unreachable = !outcome.failure.startsWith('no answer');
  if (unreachable) {
    context.unreachable.count += 1;
    context.unreachable.first ||= outcome.failure;
  }
  const body = JSON.stringify({
    error: `cpn-kit proxy: ${outcome.failure} (${context.target.href})`,
  });
  const own = { status: unreachable ? 502 : 504, headers: { 'content-type': 'application/json' } };
  exchange.proxyAnswer = { ...own, body: Buffer.from(body) };
  if (!res.destroyed) res.writeHead(own.status, own.headers).end(body);
}
