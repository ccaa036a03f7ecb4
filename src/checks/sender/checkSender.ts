import { DEFAULT_SENDER_CONCURRENCY } from './checkSenderDefaults.js';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import type { ContactProcessed } from '../../message/ContactProcessed.generated.js';
import { freshContactProcessed } from '../../message/freshContactProcessed.js';
import type { Report } from '../../report/Report.js';
import { startReport } from '../../report/startReport.js';
import {
  createScenarioSession,
  type ScenarioSession,
} from '../../scenarios/createScenarioSession.js';
import { stepFor, type Scenario, type SenderExpectation } from '../../scenarios/Scenario.js';
import { serveScenarios } from '../../scenarios/serveScenarios.js';
import type { RetryCondition } from '../../retry/retryPolicy.js';
import { mapConcurrent } from '../../util/mapConcurrent.js';
import { judgeSession, type SessionEvidence } from './judgeSession.js';
import type { ScenarioRun, SenderOutcome } from './SenderRun.js';
import { badOption, described } from '../../errors/OptionError.js';

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
}

/** What the sender under test is told for one scenario: its own URL and one fresh notification to send there. */
export interface ScenarioTarget extends SenderTarget {
  /** The scenario's id (`CPN_SCENARIO`). */
  readonly scenarioId: string;
  /** A fresh valid notification for this run (`CPN_MESSAGE`); the sender may send it or one of its own. */
  readonly message: ContactProcessed;
  /** When the run should be over, in ms from its start; a run still going then is stopped and reported. */
  readonly limitMs: number;
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
  /** How many scenarios are played at once with `send`; default {@link DEFAULT_SENDER_CONCURRENCY}. */
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
}

/** Startup allowance of a sender run (a process, an interpreter, npx), in ms. */
const RUN_STARTUP_MS = 10_000;

/** How long a conforming sender can take in a scenario, at most: every attempt held to the end, plus backoffs. */
function scenarioLimitMs(session: ScenarioSession, scenario: Scenario): number {
  const { timing, settings } = session;
  const attempts = 1 + settings.retryMaxAttempts;
  const perAttempt = (i: number) =>
    (stepFor(scenario, i).kind === 'no-answer'
      ? timing.noAnswerHoldMs
      : settings.responseTimeout * 1000) + timing.backoffAllowanceMs;
  let total = RUN_STARTUP_MS;
  for (let i = 0; i < attempts; i++) total += perAttempt(i);
  return Math.round(total);
}

/** A rough play time, to start the longest scenarios first. */
const playTimeMs = (session: ScenarioSession, scenario: Scenario) =>
  scenario.steps.reduce(
    (sum, step) =>
      sum +
      (step.kind === 'no-answer'
        ? session.settings.responseTimeout * 1000
        : step.kind === 'status'
          ? (step.delayFraction ?? 0) * 1000
          : 0),
    0,
  );

function settingsOf(options: CheckSenderOptions): Partial<SenderExpectation> {
  return {
    ...(options.retryMaxAttempts !== undefined
      ? { retryMaxAttempts: options.retryMaxAttempts }
      : {}),
    ...(options.responseTimeout !== undefined ? { responseTimeout: options.responseTimeout } : {}),
    ...(options.retryAppliesTo !== undefined ? { retryAppliesTo: options.retryAppliesTo } : {}),
  };
}

function wholeTarget(session: ScenarioSession): SenderTarget {
  const { settings } = session;
  return {
    url: session.url,
    count: session.count,
    retryMaxAttempts: settings.retryMaxAttempts,
    retryAppliesTo: settings.retryAppliesTo,
    responseTimeout: settings.responseTimeout,
  };
}

/** Races a run with its limit: the run's own result, or a problem saying it did not finish. */
async function withinLimit(
  play: Promise<SenderOutcome | ScenarioRun>,
  limitMs: number,
): Promise<ScenarioRun> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ScenarioRun>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          problem: `did not finish within ${(limitMs / 1000).toFixed(limitMs < 10_000 ? 1 : 0)} s`,
        }),
      limitMs,
    );
  });
  try {
    const result = await Promise.race([
      play.then((r): ScenarioRun => (typeof r === 'string' ? { outcome: r } : r)),
      late,
    ]);
    return result;
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    return {
      outcome: 'failed',
      ended: `threw ${message.split('\n')[0]}`,
      log: String((error as Error)?.stack ?? message)
        .split('\n')
        .slice(0, 8),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Plays every scenario with its own URL and its own run of the sender, several at a time. */
async function playEachScenario(
  session: ScenarioSession,
  options: CheckSenderOptions,
  send: NonNullable<CheckSenderOptions['send']>,
): Promise<SessionEvidence> {
  const order = [...session.scenarios].sort(
    (a, b) => playTimeMs(session, b) - playTimeMs(session, a),
  );
  const runs = await mapConcurrent(
    order,
    options.concurrency ?? DEFAULT_SENDER_CONCURRENCY,
    async (scenario) => {
      const limitMs =
        options.duration !== undefined
          ? options.duration * 1000
          : scenarioLimitMs(session, scenario);
      const target: ScenarioTarget = {
        ...wholeTarget(session),
        url: session.urlFor(scenario.id),
        count: 1,
        scenarioId: scenario.id,
        message: freshContactProcessed(),
        limitMs,
      };
      const run = await withinLimit(send(target), limitMs);
      // A retry still under way when the run ended (a sender that does not wait for it) is seen out.
      await session.waitForScenario(scenario.id, session.timing.giveUpMarginMs);
      return [scenario.id, run] as const;
    },
  );
  return { outcomes: Object.fromEntries(runs) };
}

/** Runs the sender once for the whole catalog (one URL, one new GUID per scenario). */
async function playWholeCatalog(
  session: ScenarioSession,
  run: NonNullable<CheckSenderOptions['run']>,
  limitMs: number,
): Promise<SessionEvidence> {
  const unobservable =
    'the sender ran once for every scenario, so its outcome per notification is not known';
  const result = await withinLimit(
    run(wholeTarget(session)).then((r) => r ?? {}),
    limitMs,
  );
  await session.waitUntilSettled(session.timing.giveUpMarginMs);
  return { run: { ...result, outcome: undefined, unobservable } };
}

/** Waits for a sender that is not ours to start (a real OCS, a sender started by hand). */
async function awaitOutsideSender(
  session: ScenarioSession,
  limitMs: number,
): Promise<SessionEvidence> {
  // After the last expected attempt, give straggling retries (of a sender that retries too much) time to show.
  if (await session.waitUntilSettled(limitMs))
    await new Promise((r) =>
      setTimeout(r, session.timing.giveUpMarginMs + session.timing.backoffAllowanceMs),
    );
  return {
    run: {
      unobservable:
        'a sender outside the check keeps its outcomes to itself (a real OCS logs them)',
    },
  };
}

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
  if (options.send !== undefined && options.run !== undefined)
    badOption('send', 'send or run, not both', described('both'));
  if (options.duration !== undefined && !(options.duration > 0))
    badOption('duration', 'a number of seconds greater than 0', options.duration);
  if (
    options.concurrency !== undefined &&
    !(Number.isInteger(options.concurrency) && options.concurrency >= 1)
  )
    badOption('concurrency', 'an integer 1 or more', options.concurrency);
  const session = createScenarioSession({
    ...settingsOf(options),
    ...(options.scenarios !== undefined ? { scenarios: options.scenarios } : {}),
  });
  const served = await serveScenarios(session, {
    ...(options.listen ?? {}),
    ...(options.tls ? { tls: { minVersion: 'TLSv1.2', ...options.tls } } : {}),
  });
  options.onListening?.(wholeTarget(session));
  const wholeLimitMs =
    options.duration !== undefined
      ? options.duration * 1000
      : session.scenarios.reduce((sum, s) => sum + scenarioLimitMs(session, s), 0);
  let evidence: SessionEvidence;
  try {
    if (options.send !== undefined)
      evidence = await playEachScenario(session, options, options.send);
    else if (options.run !== undefined)
      evidence = await playWholeCatalog(session, options.run, wholeLimitMs);
    else evidence = await awaitOutsideSender(session, wholeLimitMs);
  } finally {
    await served.close();
  }
  const subject =
    options.subject ??
    (options.send !== undefined || options.run !== undefined
      ? 'in-process sender'
      : `sender posting to ${session.url}`);
  return report.finish(judgeSession(session, evidence), subject);
}
