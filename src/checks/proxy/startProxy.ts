import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { Agent } from 'undici';
import { assumptions } from '../../assumptions.js';
import { ocsSettings } from '../../ocs/ocsSettings.js';
import { IssueCollector } from '../../errors/IssueCollector.js';
import { badOption } from '../../errors/OptionError.js';
import { listen } from '../../http/listen.js';
import { parseHttpUrl } from '../../http/parseHttpUrl.js';
import { SecretMask } from '../../http/SecretMask.js';
import { receiverTlsOptions } from '../../http/receiverTls.js';
import { RecordWriter } from '../../record/RecordWriter.js';
import { maskReport } from '../../report/maskReport.js';
import type { Report } from '../../report/Report.js';
import { startReport } from '../../report/startReport.js';
import { ConnectionCounter } from './ConnectionCounter.js';
import { InFlight } from './InFlight.js';
import { NotificationTracker } from './NotificationTracker.js';
import type { ProxyOptions } from './ProxyOptions.js';
import { incompleteBecause, proxyFindings, type RunFacts } from './proxyFindings.js';
import { ProxyTally } from './ProxyTally.js';
import { relayExchange, type RelayContext } from './relayExchange.js';
import type { JudgedNotification } from './TrackedNotification.js';
import { runCompleteFinding } from '../../report/startReport.js';

export type { ProxyOptions } from './ProxyOptions.js';

/** A running proxy. */
export interface RunningProxy {
  /** Where the sender posts: `http://127.0.0.1:8080/` (OCS's contact-processed-notification-uri). */
  readonly url: string;
  /** The report as it stands while the run goes on (marked incomplete): for reports rewritten live. */
  readonly snapshot: () => Report;
  /**
   * Stops: no new request is taken, those in progress get a second to finish and are then cut short
   * (the sender gets 503, the recording says why); what is still open is judged as it stands. Resolves
   * with the report within about 2 s, however slow the target.
   */
  readonly close: () => Promise<Report>;
}

/** How long a stop lets exchanges in progress finish before cutting them short. */
const STOP_GRACE_MS = 1_000;

/** The settings, checked: one OptionError names every bad one, not only the first. */
function settingsOf(options: ProxyOptions) {
  const issues = new IssueCollector();
  const target = issues.check(() => parseHttpUrl(options.target, 'target', { credentials: false }));
  const ocs = ocsSettings(options, issues);
  const timeoutSeconds = ocs?.responseTimeoutSeconds ?? assumptions.responseTimeoutSeconds;
  const timeoutMs = ocs?.responseTimeoutMs ?? timeoutSeconds * 1000;
  const retryWindowMs =
    options.retryWindow !== undefined ? options.retryWindow * 1000 : 2 * timeoutMs + 5000;
  if (!(retryWindowMs > 0) || !Number.isFinite(retryWindowMs))
    issues.check(() =>
      badOption('retryWindow', 'a number of seconds greater than 0', options.retryWindow),
    );
  if (options.ca !== undefined && target !== undefined && target.protocol !== 'https:')
    issues.check(() => badOption('ca', 'to be given only with an https:// target', options.target));
  const body = {
    bytes: issues.check(() =>
      positiveInteger(options, 'bodyLimit', assumptions.receiverBodyLimitBytes),
    )!,
    timeoutMs: issues.check(() =>
      positiveInteger(options, 'bodyTimeoutMs', assumptions.receiverBodyTimeoutMs),
    )!,
  };
  const keptBytes = issues.check(() =>
    positiveInteger(options, 'answerKeptBytes', assumptions.proxyAnswerKeptBytes),
  )!;
  issues.throwIfAny();
  const mask = new SecretMask({ headers: options.redactHeaders ?? [] });
  mask.addUrl(target!);
  return {
    target: target!,
    policy: { retryMaxAttempts: ocs!.retryMaxAttempts, retryAppliesTo: ocs!.retryAppliesTo },
    timeoutSeconds,
    timeoutMs,
    poolSize: ocs!.connectionPoolSize,
    retryWindowMs,
    body,
    keptBytes,
    mask,
  };
}

/** An option that is a whole number above 0, or its default. */
function positiveInteger(
  options: ProxyOptions,
  name: 'bodyLimit' | 'bodyTimeoutMs' | 'answerKeptBytes',
  fallback: number,
): number {
  const value = options[name] ?? fallback;
  if (!Number.isSafeInteger(value) || value < 1) badOption(name, 'a whole number above 0', value);
  return value;
}

/**
 * Starts the judging proxy between a sender (OCS) and a receiver (the CRM): every request is forwarded
 * unchanged and its answer returned unchanged (a 3xx too: nothing is followed), and every notification
 * is judged live against the sender's settings — same bytes on every attempt, retries as configured,
 * no redirect followed, the pool respected, valid requests; no 3xx, answers in time, no 2xx to an
 * invalid message, nothing lost, duplicates acknowledged. A target that cannot be reached gets the
 * sender a 502. A notification is judged as soon as it is over: at its first 2xx, or when the
 * sender's policy allows it no further attempt; one that could still be retried waits for the retry
 * window. A run that ends with notifications still open, or that saw none, is incomplete.
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
  const context = relayContext(options, settings, (judged) => {
    tally.add(judged);
    onJudged(judged);
  });
  const server = serverFor(options, context);
  const listening = await listen(
    server,
    options.host ?? '127.0.0.1',
    options.port ?? 8080,
    options.tls !== undefined,
  ).catch(async (error: unknown) => {
    await context.record?.close();
    throw error;
  });
  const facts = (): RunFacts => runFacts(settings, context, options.record);
  let closing: Promise<Report> | undefined;
  const stop = async () => {
    server.close();
    server.closeIdleConnections();
    await context.inflight.settled(STOP_GRACE_MS);
    await context.inflight.cut('the proxy was stopped before the target answered', STOP_GRACE_MS);
    await listening.close();
    context.tracker.finish();
    await context.agent.destroy();
    await context.record?.close();
    return maskReport(finalReport(report, tally, facts(), options), settings.mask);
  };
  const current = () =>
    report.snapshot(proxyFindings(tally, facts()), 'written while the run goes on');
  return {
    url: `${listening.origin}/`,
    snapshot: () => maskReport(current(), settings.mask),
    close: () => (closing ??= stop()),
  };
}

/** The report at the end: incomplete when nothing was seen or some is still open, unless allowed. */
function finalReport(
  report: ReturnType<typeof startReport>,
  tally: ProxyTally,
  facts: RunFacts,
  options: ProxyOptions,
): Report {
  const findings = proxyFindings(tally, facts);
  const why = incompleteBecause(tally, facts);
  if (why === undefined) return report.finish(findings);
  const allowed = tally.counts.notifications === 0 ? options.allowEmpty : options.allowOpen;
  if (allowed === true) return report.finish([runCompleteFinding(why, 'warn'), ...findings]);
  return report.snapshot(findings, why);
}

function relayContext(
  options: ProxyOptions,
  settings: ReturnType<typeof settingsOf>,
  onJudged: (judged: JudgedNotification) => void,
): RelayContext & { readonly tracker: NotificationTracker } {
  const limits = {
    ms: 2 * settings.timeoutMs + 5000,
    keptBytes: settings.keptBytes,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
  };
  const tracker = new NotificationTracker({
    context: {
      policy: settings.policy,
      timeoutSeconds: settings.timeoutSeconds,
      timeoutMs: settings.timeoutMs,
    },
    retryWindowMs: settings.retryWindowMs,
    onJudged,
  });
  return {
    target: settings.target,
    shownTarget: settings.mask.text(settings.target.href),
    agent: new Agent({ connect: receiverTlsOptions(options.ca), keepAliveTimeout: 60_000 }),
    tracker,
    connections: new ConnectionCounter(settings.poolSize),
    limits,
    body: settings.body,
    record:
      options.record === undefined
        ? undefined
        : new RecordWriter(
            options.record,
            options.onRecordFailure,
            'record',
            options.recordSecrets === true ? null : settings.mask,
          ),
    inflight: new InFlight(limits.ms),
    unreachable: { count: 0, first: '' },
    forwarded: { total: 0, answered: 0 },
    refused: { count: 0, first: '' },
  };
}

/**
 * The HTTP(S) server facing the sender: each request relayed, each connection counted; a request
 * whose headers and body do not arrive within the body timeout gets 408 (Node's request timeout).
 */
function serverFor(options: ProxyOptions, context: RelayContext): Server {
  const handle: Parameters<typeof createHttpServer>[1] = (req, res) =>
    void relayExchange(req, res, context);
  const timeoutMs = context.body.timeoutMs;
  const timeouts = {
    requestTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(timeoutMs / 4))),
  };
  const server: Server = options.tls
    ? createHttpsServer({ ...options.tls, ...timeouts }, handle)
    : createHttpServer(timeouts, handle);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) =>
    context.connections.opened(socket),
  );
  return server;
}

function runFacts(
  settings: ReturnType<typeof settingsOf>,
  context: RelayContext,
  record: string | undefined,
): RunFacts {
  const writer = context.record;
  return {
    target: settings.target,
    poolSize: settings.poolSize,
    retryWindowMs: settings.retryWindowMs,
    connections: context.connections,
    unreachable: context.unreachable,
    forwarded: context.forwarded,
    refused: context.refused,
    ...(writer !== undefined && record !== undefined
      ? {
          recording: {
            file: record,
            count: writer.count,
            lost: writer.lost,
            failure: writer.failure,
          },
        }
      : {}),
  };
}
