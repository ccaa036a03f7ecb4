import { BrokerError } from '../../errors/BrokerError.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROVIDER_NAME, CONSUMER_NAME } from '../../pact/contractNames.js';
import { contractPath, HTTP_PACT_FILE } from '../../pact/contractsDir.js';
import { pemCertificates } from '../../http/pemCertificates.js';
import { parseHttpUrl } from '../../http/parseHttpUrl.js';
import { IssueCollector } from '../../errors/IssueCollector.js';
import { badOption } from '../../errors/OptionError.js';
import { runPactVerifierJob } from './verifyAnswers.js';
import {
  startPactVerifier,
  type PactVerifierProcess,
  type PactVerifierRun,
} from '../../pact/runPactVerifier.js';
import type { BrokerAccess } from '../../pact/broker/brokerClient.js';
import type { PactSelection } from '../../pact/broker/fetchPactsForVerification.js';
import type { Finding, Report } from '../../report/Report.js';
import { startReport, type ReportInProgress } from '../../report/startReport.js';
import { maskFindings, maskReport } from '../../report/maskReport.js';
import type { SecretMask } from '../../http/SecretMask.js';
import { secretMask } from './secretMask.js';
import { ocsSettings } from '../../ocs/ocsSettings.js';
import { contractChecks } from './contractChecks.js';
import type { LoadedPact } from '../../pact/loadPacts.js';
import { loadPactFile } from '../../pact/loadPacts.js';
import { preflight } from './preflight.js';
import { SMALLEST_LARGEST_NOTIFICATION } from './largeNotificationChecks.js';
import { probeChecks } from './probeChecks.js';
import type { CheckRun } from './receiverFindings.js';
import { runChecks, type ChecksSent } from './runChecks.js';
import { receiverAgent } from './sendExchange.js';
import type { ExchangeView } from './exchangeTimeline.js';
import type { ReceiverCheck } from './ReceiverCheck.js';
import { judgeRuns } from './judgeRuns.js';
import { ReceiverProgress } from './ReceiverProgress.js';
import { LagMeter } from '../LagMeter.js';
import { interruptedBecause, untilAborted } from '../interruption.js';
import { kitVersion } from '../../util/kitVersion.js';
import { readHandledCount, type HandledCount } from '../../receiver/readHandledCount.js';
import { NO_HANDLED_COUNT, onceSkipped, runExactlyOnce } from './exactlyOnce.js';
import { onceChecks } from './onceChecks.js';
import type { SentNotification } from './OnceCheck.js';
import type { ReceiverTarget } from './sendExchange.js';
import type { Exchange } from './Exchange.js';
import { exploreAfter } from '../explore/exploreReceiver.js';
import { exploreSettings, type ExploreOptions } from '../explore/exploreSettings.js';

/** Options of {@link checkReceiver}. */
export interface CheckReceiverOptions {
  /** The receiver's URL, e.g. `http://127.0.0.1:8080/notifications`. */
  readonly url: string;
  /** Static headers sent with every request (a token: the only authentication OCS can do). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The Pact provider name; default {@link DEFAULT_PROVIDER_NAME}. */
  readonly provider?: string;
  /** Seconds the receiver has to answer (`http-response-timeout`); default 10. Every request is aborted at it. */
  readonly responseTimeout?: number;
  /** Pact files to verify; default the kit's `contracts/` HTTP pact (or, with `broker`, the broker's pacts). */
  readonly pactFiles?: readonly string[];
  /**
   * OCS's `http-connection-pool-size`: the most connections the check opens at once, and so the most
   * requests under way at once (OCS never loads a receiver harder); default
   * `assumptions.connectionPoolSize` (1).
   */
  readonly connectionPoolSize?: number;
  /**
   * The largest notification your OCS sends, in bytes (many long user-defined fields); default
   * `assumptions.largestNotificationBytes` (64 KiB). A valid notification this large is sent, and
   * one of 16 KiB when this is larger.
   */
  readonly largestNotificationBytes?: number;
  /**
   * How many times the receiver handled a notification — what HTTP cannot show: a function of the
   * GUID (and the body as sent) resolving to the count, e.g. `async (guid) => (await db.query('select
   * count(*) from handled where guid = $1', [guid])).rows[0].count`, or `{ command }`, a shell command
   * run with `CPN_GUID` and `CPN_MESSAGE` that prints it. With it the exactly-once checks run (a copy
   * after the answer, a copy while the first is being handled, copies at once, two notifications
   * sharing their call attempt, every notification of the run); without it they are SKIPs.
   */
  readonly handledCount?: HandledCount;
  /** Extra trusted CA certificates (PEM) for an https:// receiver, trusted besides Node's bundled CAs. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /**
   * Ends the run early. The report comes back with `complete: false` and `incomplete: "interrupted:
   * <signal.reason as text>"`, holding what was judged so far; every check not judged yet is a SKIP
   * "not run: the run was interrupted". Every request under way is aborted, and Pact's Verifier
   * process stopped, before it resolves.
   */
  readonly signal?: AbortSignal;
  /**
   * Called with the report as it stands (`complete: false`, `incomplete: "written while the run goes
   * on"`) each time a check has all its answers: a check Pact cannot express is judged then, a
   * contract check once Pact's Verifier has judged (a SKIP until then). Cheap to call often; the
   * caller throttles writing.
   */
  readonly onProgress?: (snapshot: Report) => void;
  /**
   * Also explore the receiver with requests generated from the schema (`--explore`): valid
   * notifications it must acknowledge, bodies it must refuse; each property that fails is one finding
   * with its failure shrunk to the smallest body, the seed that replays it, a curl command and a
   * recording line. Runs once the fixed checks are answered, over its own connections.
   */
  readonly explore?: ExploreOptions;
  /** Take the pacts from a Pact Broker, and optionally publish the whole verdict there. */
  readonly broker?: BrokerAccess &
    Omit<PactSelection, 'provider'> & {
      readonly publish?: boolean;
      readonly providerVersion?: string;
    };
}

function caCertificates(options: CheckReceiverOptions, url: URL): string[] | undefined {
  if (options.ca === undefined) return undefined;
  if (url.protocol !== 'https:')
    badOption('ca', 'to be given only with an https:// URL', options.url);
  const texts = (Array.isArray(options.ca) ? options.ca : [options.ca]) as (string | Buffer)[];
  return texts.flatMap((text) =>
    pemCertificates(typeof text === 'string' ? text : text.toString('utf8'), 'ca'),
  );
}

/** The pacts to verify: local files, or the broker's; a broker that cannot be used is one finding. */
interface PactsToVerify {
  readonly pacts: LoadedPact[];
  readonly problem?: Finding;
  /** Where the broker's pacts were written; removed when the check is over. */
  readonly dir?: string;
}

async function loadPacts(options: CheckReceiverOptions, provider: string): Promise<PactsToVerify> {
  if (options.broker === undefined) {
    const files = options.pactFiles ?? [contractPath(HTTP_PACT_FILE)];
    return { pacts: await Promise.all(files.map((f) => loadPactFile(f))) };
  }
  const { fetchPactsForVerification } =
    await import('../../pact/broker/fetchPactsForVerification.js');
  const dir = await mkdtemp(join(tmpdir(), 'cpn-kit-broker-pacts-'));
  const selection = {
    ...options.broker,
    consumer: options.broker.consumer ?? CONSUMER_NAME,
    provider,
  };
  try {
    return { pacts: await fetchPactsForVerification(options.broker, selection, dir), dir };
  } catch (error) {
    if (!(error instanceof BrokerError)) throw error;
    const title = "the Pact Broker's pacts for this provider";
    return {
      pacts: [],
      dir,
      problem: { id: 'broker', title, status: 'fail', summary: error.message },
    };
  }
}

/** The options of a check, checked before anything is sent (an OptionError names every bad one). */
function settingsOf(options: CheckReceiverOptions) {
  const issues = new IssueCollector();
  const url = issues.check(() => parseHttpUrl(options.url, 'url', { credentials: false }));
  // A receiver is not configured with retries: only the timeout and the pool are check-receiver's.
  const { responseTimeout, connectionPoolSize } = options;
  const ocs = ocsSettings({ responseTimeout, connectionPoolSize }, issues);
  if (options.broker?.publish === true && options.broker.providerVersion === undefined)
    issues.check(() =>
      badOption(
        'broker.providerVersion',
        'a version to publish the verification result with',
        undefined,
      ),
    );
  const ca = url && issues.check(() => caCertificates(options, url));
  const count = options.handledCount;
  if (
    count !== undefined &&
    typeof count !== 'function' &&
    (typeof count?.command !== 'string' || count.command.trim() === '')
  )
    issues.check(() =>
      badOption(
        'handledCount',
        'a function of the GUID, or { command } with a command line',
        count,
      ),
    );
  const largest = issues.check(() => largestNotification(options));
  const explore =
    options.explore === undefined
      ? undefined
      : issues.check(() => exploreSettings(options.explore!));
  issues.throwIfAny();
  return {
    url: url!,
    timeoutSeconds: ocs!.responseTimeoutSeconds,
    timeoutMs: ocs!.responseTimeoutMs,
    ca,
    headers: { ...options.headers },
    provider: options.provider ?? DEFAULT_PROVIDER_NAME,
    poolSize: ocs!.connectionPoolSize,
    ...(largest !== undefined ? { largest } : {}),
    explore,
  };
}

/** The largest notification OCS sends, when given: the check sends one that size. */
function largestNotification(options: CheckReceiverOptions): number | undefined {
  const largest = options.largestNotificationBytes;
  if (
    largest !== undefined &&
    (!Number.isInteger(largest) || largest < SMALLEST_LARGEST_NOTIFICATION)
  )
    badOption(
      'largestNotificationBytes',
      `an integer ${SMALLEST_LARGEST_NOTIFICATION} or more (bytes)`,
      largest,
    );
  return largest;
}

/**
 * Verifies a live receiver: every interaction of the pacts and every check Pact cannot express — a
 * duplicate acknowledged twice, unknown fields and vendor values accepted, a body it cannot parse or
 * one missing mandatory fields NOT acknowledged, no 3xx ever, every answer within the response
 * timeout. Each request is sent once and aborted at the timeout; independent checks run side by side,
 * so a hung receiver is judged in about two timeouts. Pact's Verifier then judges the answers the
 * receiver gave. With a broker, the whole verdict is what gets published. Never throws for what the
 * receiver does; throws only for bad options. The values of `headers` (usually a token) are masked
 * wherever the receiver echoes them, in every report it hands over and in what it publishes.
 *
 * @example
 * const report = await checkReceiver({ url: 'http://127.0.0.1:8080/notifications', headers: {
 * Authorization: 'Bearer t' } });
 */
export async function checkReceiver(options: CheckReceiverOptions): Promise<Report> {
  const { url, headers } = settingsOf(options);
  const mask = secretMask(url.href, headers, options.broker);
  const { onProgress } = options;
  const masked: CheckReceiverOptions = onProgress
    ? { ...options, onProgress: (report) => onProgress(maskReport(report, mask)) }
    : options;
  return maskReport(await checkUnmasked(masked, mask), mask);
}

/** {@link checkReceiver}, its reports as they come; what it publishes masked by `mask`. */
async function checkUnmasked(options: CheckReceiverOptions, mask: SecretMask): Promise<Report> {
  const startedAt = performance.now();
  const { url, timeoutSeconds, timeoutMs, ca, headers, provider, poolSize, largest, explore } =
    settingsOf(options);
  const { signal } = options;
  const report = startReport('check-receiver', url.href);
  const verifier = startPactVerifier(); // loading Pact overlaps everything below
  const agent = receiverAgent(url.href, ca, poolSize);
  const lag = new LagMeter();
  const loading = loadPacts(options, provider);
  let loaded: PactsToVerify | undefined;
  try {
    loaded = await untilAborted(loading, signal);
    const { pacts, problem } = loaded ?? { pacts: [] };
    const { checks, contractCount, progress, view } = planRun(report, pacts, [headers, largest], {
      view: { timeoutSeconds, hidden: new Set(Object.keys(headers).map((h) => h.toLowerCase())) },
      url: url.href,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const pre = await untilAborted(preflight(url, timeoutSeconds, ca), signal);
    if (signal?.aborted || pre === undefined) return progress.interrupted(signal!);
    const before = [...pre.findings, ...(problem ? [problem] : [])];
    if (!pre.go) return report.finish(before);
    progress.before(before);
    const target: ReceiverTarget = {
      ...{ url: url.href, headers, timeoutSeconds, timeoutMs, poolSize, agent, startedAt, lag },
      ...(signal ? { signal } : {}),
    };
    if (options.handledCount === undefined)
      for (const skipped of onceSkipped(NO_HANDLED_COUNT)) progress.onceDone(skipped);
    const sent = await runChecks(checks, target, (i, done) => progress.checkDone(i, done));
    if (signal?.aborted) return progress.interrupted(signal);
    const exploring =
      explore && exploreAfter(checks, sent.exchanges, explore, { ...target, ca, view, signal });
    const runs = pactRuns(checks, sent, pacts, timeoutSeconds);
    const so: RunSoFar = { runs, contractCount, view, url: url.href, sent };
    const judged = await untilAborted(
      Promise.all([
        verifyContract(verifier, provider, pacts, runs.slice(0, contractCount)),
        onceFindings(options.handledCount, so, target, progress),
      ]),
      signal,
    );
    const explored = exploring && (await untilAborted(exploring, signal));
    if (signal?.aborted || judged === undefined) return progress.interrupted(signal!);
    const { findings, checkFindings } = allFindings(so, judged, before);
    findings.push(...(explored || []));
    const shown = { checkFindings, findings, mask };
    const published = await publishIfAsked(options, { provider, pacts, runs, shown });
    if (published === null) return report.snapshot(findings, interruptedBecause(signal!));
    if (published !== undefined) findings.push(published);
    progress.rethrow();
    return report.finish(findings);
  } finally {
    lag.stop();
    verifier.dispose();
    agent.destroy();
    await removePacts(loading, loaded !== undefined);
  }
}

/**
 * Publishes the verification results to the broker when its options ask for it: the publication's
 * finding, undefined when none is asked (or no pact was verified), null when the run was interrupted.
 */
async function publishIfAsked(
  options: CheckReceiverOptions,
  verified: {
    readonly provider: string;
    readonly pacts: readonly LoadedPact[];
    readonly runs: readonly CheckRun[];
    readonly shown: Parameters<typeof publish>[4];
  },
): Promise<Finding | null | undefined> {
  const { provider, pacts, runs, shown } = verified;
  if (options.broker?.publish !== true || pacts.length === 0) return undefined;
  const publishing = publish(options.broker, provider, pacts, runs, shown);
  return (await untilAborted(publishing, options.signal)) ?? null;
}

/** What the checks other than the exactly-once ones sent and got, for those to build on. */
interface RunSoFar {
  readonly runs: readonly CheckRun[];
  readonly contractCount: number;
  readonly view: ExchangeView;
  readonly url: string;
  readonly sent: ChecksSent;
}

/**
 * The exactly-once findings: SKIPs without a handled count, or when the valid notifications all got
 * the same answer (the common cause: none reached the receiver's handling); otherwise each judged.
 */
async function onceFindings(
  source: HandledCount | undefined,
  so: RunSoFar,
  target: ReceiverTarget,
  progress: ReceiverProgress,
): Promise<Finding[]> {
  if (source === undefined) return onceSkipped(NO_HANDLED_COUNT);
  const { cause } = judgeRuns(so.runs, so.view, so.url, undefined, so.sent.stoppedAfter);
  if (cause !== undefined)
    return onceSkipped(
      "not run: the valid notifications did not reach the receiver's handling: each got the same " +
        'answer (see common-cause)',
    );
  const { signal, timeoutSeconds } = target;
  const context = {
    target,
    view: so.view,
    timeoutSeconds,
    ...(signal ? { signal } : {}),
    read: (guid: string, body: string) => readHandledCount(source, guid, body, signal),
    others: sentNotifications(so.runs, so.contractCount),
  };
  return runExactlyOnce(context, (finding) => progress.onceDone(finding));
}

/**
 * The valid notifications the checks sent, one per GUID (its ETag) with every exchange that carried
 * it; those of the contract carry the pact's fixed GUIDs.
 */
function sentNotifications(runs: readonly CheckRun[], contractCount: number): SentNotification[] {
  const byGuid = new Map<string, SentNotification & { exchanges: Exchange[] }>();
  runs.forEach((run, i) => {
    if (run.check.validMessages !== true) return;
    for (const e of run.exchanges) {
      const guid = e.request.headers.etag;
      if (guid === undefined || guid === '') continue;
      const known = byGuid.get(guid);
      if (known !== undefined) known.exchanges.push(e);
      else
        byGuid.set(guid, {
          guid,
          body: e.request.body,
          label: e.label,
          exchanges: [e],
          fixed: i < contractCount,
        });
    }
  });
  return [...byGuid.values()];
}

/**
 * Removes the broker's pacts when the run is over; when it was interrupted while fetching them (not
 * `loaded`), once fetched, without waiting for that.
 */
async function removePacts(loading: Promise<PactsToVerify>, loaded: boolean): Promise<void> {
  const removing = loading.then(
    (done) => (done.dir !== undefined ? rm(done.dir, { recursive: true, force: true }) : undefined),
    () => undefined,
  );
  if (loaded) await removing;
}

/**
 * Pact's Verifier on the receiver's answers to the contract's requests; none without pacts, or when
 * they were not all sent (the check stopped sending: nothing is judged of them).
 */
async function verifyContract(
  verifier: PactVerifierProcess,
  provider: string,
  pacts: readonly LoadedPact[],
  contract: readonly CheckRun[],
): Promise<PactVerifierRun | undefined> {
  if (pacts.length === 0 || contract.some((run) => run.unsent !== undefined)) return undefined;
  return runPactVerifierJob(verifier, provider, pacts, contract);
}

/** The checks of a run (the pacts' interactions first, then those Pact cannot express), and its progress. */
function planRun(
  report: ReportInProgress,
  pacts: readonly LoadedPact[],
  [headers, largest]: readonly [Readonly<Record<string, string>>, number | undefined],
  context: ConstructorParameters<typeof ReceiverProgress>[2],
) {
  const contract = contractChecks(pacts, headers);
  const checks = [...contract, ...probeChecks(headers, largest)];
  const planned = { checks, contractCount: contract.length, once: onceChecks };
  return {
    ...planned,
    view: context.view,
    progress: begun(new ReceiverProgress(report, planned, context)),
  };
}

/** A run's progress, its first snapshot handed over at once (a run killed early leaves a report). */
function begun(progress: ReceiverProgress): ReceiverProgress {
  progress.begun();
  return progress;
}

/**
 * Each check with its exchanges, a contract check with the pact and interaction it comes from; a
 * check whose requests were not all sent (the check stopped sending) with why.
 */
function pactRuns(
  checks: readonly ReceiverCheck[],
  sent: ChecksSent,
  pacts: readonly LoadedPact[],
  timeoutSeconds: number,
): CheckRun[] {
  const owners = pacts.flatMap((pact) =>
    pact.interactions.map((interaction) => ({ pact, interaction })),
  );
  const unsent =
    sent.stoppedAfter !== undefined
      ? `the first ${sent.stoppedAfter} requests got no answer within the response timeout ` +
        `(${timeoutSeconds} s), so the rest were not sent (see common-cause)`
      : undefined;
  return checks.map((check, i) => ({
    check,
    exchanges: sent.exchanges[i]!,
    ...(i < owners.length
      ? { pact: owners[i]!.pact, description: owners[i]!.interaction.description }
      : {}),
    ...(unsent !== undefined && sent.exchanges[i]!.length < check.requests.length
      ? { unsent }
      : {}),
  }));
}

/**
 * The findings of a whole run in report order (the common cause, `before`, each check's, the
 * exactly-once ones, the aggregates), and the checks' own.
 */
function allFindings(
  so: RunSoFar,
  [verification, once]: readonly [PactVerifierRun | undefined, readonly Finding[]],
  before: readonly Finding[],
): { findings: Finding[]; checkFindings: readonly Finding[] } {
  const judged = judgeRuns(so.runs, so.view, so.url, verification, so.sent.stoppedAfter);
  const findings = [
    ...(judged.cause ? [judged.cause] : []),
    ...(judged.rateLimit ? [judged.rateLimit] : []),
    ...before,
    ...(judged.verifierProblem ? [judged.verifierProblem] : []),
    ...judged.checkFindings,
    ...once,
    ...judged.aggregate,
  ];
  return { findings, checkFindings: judged.checkFindings };
}

/** Publishes the whole verdict to the broker, masked (an echoed token stays out of the broker). */
function publish(
  broker: NonNullable<CheckReceiverOptions['broker']>,
  provider: string,
  pacts: readonly LoadedPact[],
  runs: readonly CheckRun[],
  shown: { checkFindings: readonly Finding[]; findings: readonly Finding[]; mask: SecretMask },
): Promise<Finding> {
  const { checkFindings, findings, mask } = shown;
  const masked = (list: readonly Finding[]) => maskFindings(list, mask);
  return publishMasked(broker, provider, pacts, runs, masked(checkFindings), masked(findings));
}

/** Publishes the whole verdict to the broker; the outcome is a finding of its own. */
async function publishMasked(
  broker: NonNullable<CheckReceiverOptions['broker']>,
  provider: string,
  pacts: readonly LoadedPact[],
  runs: readonly CheckRun[],
  checkFindings: readonly Finding[],
  findings: readonly Finding[],
): Promise<Finding> {
  const title = 'the verification result is published to the Pact Broker';
  const pactFindings = new Map<
    LoadedPact,
    { finding: Finding; interactionId?: string; description: string; failed: boolean }[]
  >();
  runs.forEach((run, i) => {
    if (run.pact === undefined || run.description === undefined) return;
    const finding = checkFindings[i]!;
    const interactionId = run.pact.interactions.find((x) => x.description === run.description)?._id;
    const list = pactFindings.get(run.pact) ?? [];
    list.push({
      finding,
      description: run.description,
      failed: finding.status === 'fail' || finding.status === 'warn',
      ...(interactionId !== undefined ? { interactionId } : {}),
    });
    pactFindings.set(run.pact, list);
  });
  const pactIds = new Set(
    checkFindings.filter((_, i) => runs[i]!.pact !== undefined).map((f) => f.id),
  );
  const otherFindings = findings.filter((f) => !pactIds.has(f.id));
  const { publishVerificationResults } =
    await import('../../pact/broker/publishVerificationResults.js');
  try {
    const published = await publishVerificationResults(broker, pacts, {
      provider,
      providerVersion: broker.providerVersion!,
      ...(broker.branch !== undefined ? { branch: broker.branch } : {}),
      kitVersion,
      pactFindings,
      otherFindings,
    });
    return {
      id: 'broker-publication',
      title,
      status: 'pass',
      summary: `published for ${provider} ${broker.providerVersion}: ${published.join('; ')}`,
    };
  } catch (error) {
    if (!(error instanceof BrokerError)) throw error;
    return { id: 'broker-publication', title, status: 'fail', summary: error.message };
  }
}
