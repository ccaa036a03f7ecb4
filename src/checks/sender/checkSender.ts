import type { ServerOptions as HttpsServerOptions } from 'node:https';
import type { ContactProcessed } from '../../message/ContactProcessed.generated.js';
import type { Report } from '../../report/Report.js';
import { startReport } from '../../report/startReport.js';
import {
  createScenarioSession,
  type ScenarioSession,
} from '../../scenarios/createScenarioSession.js';
import type { Scenario, SenderExpectation } from '../../scenarios/Scenario.js';
import { serveScenarios } from '../../scenarios/serveScenarios.js';
import type { RetryCondition } from '../../retry/retryPolicy.js';
import type { ScenarioRun, SenderOutcome } from './SenderRun.js';
import { badOption, described } from '../../errors/OptionError.js';
import { LagMeter } from '../LagMeter.js';
import { awaitOutsideSender, playWholeCatalog } from './playWholeCatalog.js';
import { playEachScenario, wholeTarget } from './playEachScenario.js';
import { scenarioLimitMs } from './runLimits.js';
import { SenderProgress } from './SenderProgress.js';

/** What the sender under test is told for the whole catalog: where to POST, how many, with which settings. */
export interface SenderTarget {
  /** Where to POST (the `CPN_URL` of an --exec command). */
  readonly url: string;
  /** How many distinct notifications (`CPN_COUNT`). */
  readonly count: number;
  /** `CPN_RETRY_MAX_ATTEMPTS`. */
  readonly retryMaxAttempts: number;
  /** `CPN_RETRY_APPLIES_TO`. */
  readonly retryAppliesTo: readonly RetryCondition[];
  /** `CPN_RESPONSE_TIMEOUT`, seconds. */
  readonly responseTimeout: number;
  /**
   * Aborts when the check stops the run (its limit, or the check interrupted): stop sending and
   * return. Given to `send` and `run`; absent in `onListening`.
   */
  readonly signal?: AbortSignal;
}

/** What the sender under test is told for one scenario: its own URL and one fresh notification to send there. */
export interface ScenarioTarget extends SenderTarget {
  /** The scenario's id (`CPN_SCENARIO`). */
  readonly scenarioId: string;
  /** A fresh valid notification for this run (`CPN_MESSAGE`); the sender may send it or one of its own. */
  readonly message: ContactProcessed;
  /**
   * The longest the run can be given, in ms from its start; it is stopped earlier (through `signal`)
   * when it sends nothing within its start-up allowance, or goes on past its scenario's play time.
   */
  readonly limitMs: number;
  readonly signal: AbortSignal;
}

/** Options of {@link checkSender}. Give `send`, or `run`, or neither to wait for a sender (e.g. a real OCS). */
export interface CheckSenderOptions {
  /** The sender's `http-retry-max-attempts`; default 0. */
  readonly retryMaxAttempts?: number;
  /** The sender's `http-response-timeout` in seconds; default 10. Scenario timings scale with it. */
  readonly responseTimeout?: number;
  /** The sender's `http-retry-applies-to`; default connection-failure, timeout, 5xx. */
  readonly retryAppliesTo?: readonly RetryCondition[];
  /**
   * Sends one notification to one scenario and says how it ended: called once per scenario, several
   * at a time. What it returns is judged against what the receiver did: `delivered` only after a 2xx.
   */
  readonly send?: (target: ScenarioTarget) => Promise<SenderOutcome | ScenarioRun>;
  /** A sender run once for the whole catalog; its outcome per notification is then not observable. */
  readonly run?: (target: SenderTarget) => Promise<ScenarioRun | void>;
  /** How many scenarios are played at once with `send`; default 4 (`DEFAULT_SENDER_CONCURRENCY`). */
  readonly concurrency?: number;
  /** Where to listen; default 127.0.0.1 and a free port. */
  readonly listen?: { readonly host: string; readonly port: number };
  /**
   * Without `send`/`run`: stop waiting after this many seconds. With `send`: the limit of each run;
   * with `run`, of the one run. Default: enough for every scenario.
   */
  readonly duration?: number;
  /** The scenarios to play; default the whole catalog. */
  readonly scenarios?: readonly Scenario[];
  /** Called once the scenarios are served (e.g. to print the URL for a real OCS). */
  readonly onListening?: (target: SenderTarget) => void;
  /** Serve HTTPS with these options (cert, key...); the sender under test must trust the certificate. */
  readonly tls?: HttpsServerOptions;
  /** What the report names as its subject; default from the mode. */
  readonly subject?: string;
  /**
   * Ends the run early. The report comes back with `complete: false` and `incomplete: "interrupted:
   * <signal.reason as text>"`, holding what was judged so far; every scenario not judged yet is a
   * SKIP "not run: the run was interrupted". Every run of the sender is stopped (an --exec command's
   * process group killed) and the server closed before it resolves, within 1 s.
   */
  readonly signal?: AbortSignal;
  /**
   * Called with the report as it stands (`complete: false`, `incomplete: "written while the run goes
   * on"`, every scenario not judged yet a SKIP) each time a scenario has been judged. Cheap to call
   * often; the caller throttles writing.
   */
  readonly onProgress?: (snapshot: Report) => void;
}

function settingsOf(options: CheckSenderOptions): Partial<SenderExpectation> {
  return {
    ...(options.retryMaxAttempts !== undefined
      ? { retryMaxAttempts: options.retryMaxAttempts }
      : {}),
    ...(options.responseTimeout !== undefined ? { responseTimeout: options.responseTimeout } : {}),
    ...(options.retryAppliesTo !== undefined ? { retryAppliesTo: options.retryAppliesTo } : {}),
  };
}

/** The options a check cannot run with, refused before anything is served. */
function checkOptions(options: CheckSenderOptions): void {
  if (options.send !== undefined && options.run !== undefined)
    badOption('send', 'send or run, not both', described('both'));
  if (options.duration !== undefined && !(options.duration > 0))
    badOption('duration', 'a number of seconds greater than 0', options.duration);
  if (
    options.concurrency !== undefined &&
    !(Number.isInteger(options.concurrency) && options.concurrency >= 1)
  )
    badOption('concurrency', 'an integer 1 or more', options.concurrency);
}

/** Plays the session the way the options say: a run per scenario, one run, or a sender not ours. */
async function play(
  session: ScenarioSession,
  options: CheckSenderOptions,
  progress: SenderProgress,
): Promise<void> {
  const wholeLimitMs =
    options.duration !== undefined
      ? options.duration * 1000
      : session.scenarios.reduce((sum, s) => sum + scenarioLimitMs(session, s), 0);
  if (options.send !== undefined) return playEachScenario(session, options, options.send, progress);
  if (options.run !== undefined)
    return playWholeCatalog(session, options, options.run, progress, wholeLimitMs);
  return awaitOutsideSender(session, options, progress, wholeLimitMs);
}

const subjectOf = (options: CheckSenderOptions, session: ScenarioSession) =>
  options.subject ??
  (options.send !== undefined || options.run !== undefined
    ? 'in-process sender'
    : `sender posting to ${session.url}`);

/**
 * Checks a sender against the scenario catalog over a real loopback socket. With `send`, every
 * scenario gets its own URL and its own call, several at a time, and what the sender concluded is
 * judged against what the receiver did. With `run`, the sender runs once for the whole catalog; with
 * neither, the check waits for a sender it does not start (a real OCS). Returns the report; the
 * command line adds processes (`--exec`), signals and exit codes.
 *
 * @example
 * const report = await checkSender({
 *   retryMaxAttempts: 2,
 *   responseTimeout: 1,
 *   send: async (t) => (await mySender.post(t.url, t.message)).ok ? 'delivered' : 'failed',
 * });
 */
export async function checkSender(options: CheckSenderOptions): Promise<Report> {
  const report = startReport('check-sender', options.subject ?? '');
  checkOptions(options);
  const session = createScenarioSession({
    ...settingsOf(options),
    ...(options.scenarios !== undefined ? { scenarios: options.scenarios } : {}),
  });
  const lag = new LagMeter(() => session.now());
  const context = { lag, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  if (options.signal?.aborted) {
    lag.stop();
    const subject = subjectOf(options, session);
    return new SenderProgress(session, report, { ...context, subject }).interrupted(options.signal);
  }
  const served = await serveScenarios(session, {
    ...(options.listen ?? {}),
    ...(options.tls ? { tls: { minVersion: 'TLSv1.2', ...options.tls } } : {}),
  });
  const progress = new SenderProgress(session, report, {
    ...context,
    subject: subjectOf(options, session),
  });
  progress.begun();
  try {
    options.onListening?.(wholeTarget(session));
    await play(session, options, progress);
  } finally {
    lag.stop();
    await served.close();
  }
  return options.signal?.aborted ? progress.interrupted(options.signal) : progress.finish();
}
