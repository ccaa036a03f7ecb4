import { Option, type Command } from 'commander';
import { applyOcsOptions, ocsOptionsFlag } from './ocsOptionsFlag.js';
import type { ProxyOptions } from '../checks/proxy/ProxyOptions.js';
import { ListenError } from '../errors/ListenError.js';
import type { Finding, Report, SettingSource } from '../report/Report.js';
import type { RetryCondition } from '../retry/retryPolicy.js';
import {
  durationFlag,
  bodyLimitFlag,
  addReportFlags,
  parentWatchFlag,
  recordSecretsFlag,
  redactHeaderFlag,
  seconds,
  ocsFlag,
} from './flags.js';
import { parseListen, readTls } from './listenFlags.js';
import { readCaFlag } from './readFlagFile.js';
import {
  finishReport,
  openReportFiles,
  sayOutputFailure,
  type ReportFlags,
} from './reportOutputs.js';
import { stopSignal } from './stopSignal.js';
import { UsageError } from '../errors/UsageError.js';

/** The flags of `cpn-kit proxy`. */
interface ProxyFlags extends ReportFlags {
  /** `--ocs-options FILE`: the operator's OCServer options (already applied under the flags). */
  readonly ocsOptions?: string;
  readonly target: string;
  readonly listen: { host: string; port: number };
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly ca?: string;
  readonly retryMaxAttempts: number;
  readonly retryAppliesTo: RetryCondition[];
  readonly responseTimeout: number;
  readonly poolSize: number;
  readonly retryWindow?: number;
  readonly duration?: number;
  readonly record?: string;
  readonly allowOpen?: boolean;
  readonly allowEmpty?: boolean;
  readonly parentWatch: boolean;
  readonly bodyLimit?: number;
  readonly bodyTimeout?: number;
  readonly redactHeader: string[];
  readonly recordSecrets?: boolean;
}

/** Writes a live line; the lines of one tick go out in one write (a busy proxy judges thousands a second). */
function printBatched(text: string): void {
  if (!process.stdout.writableCorked) {
    process.stdout.cork();
    setImmediate(() => process.stdout.uncork());
  }
  process.stdout.write(text);
}

/** Resolves when the run is stopped (a signal, the launcher gone) or `--duration` has passed. */
function untilStopped(signal: AbortSignal, durationSeconds: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    if (durationSeconds !== undefined) setTimeout(resolve, durationSeconds * 1000).unref();
  });
}

/** The engine's options from the flags. */
async function proxyOptions(flags: ProxyFlags, onRecordFailure: () => void): Promise<ProxyOptions> {
  const tls = await readTls(flags);
  const ca = await readCaFlag(flags.ca);
  return {
    target: flags.target,
    host: flags.listen.host,
    port: flags.listen.port,
    retryMaxAttempts: flags.retryMaxAttempts,
    retryAppliesTo: flags.retryAppliesTo,
    responseTimeout: flags.responseTimeout,
    connectionPoolSize: flags.poolSize,
    ...(tls ? { tls } : {}),
    ...(ca !== undefined ? { ca: [ca] } : {}),
    ...(flags.retryWindow !== undefined ? { retryWindow: flags.retryWindow } : {}),
    ...(flags.record !== undefined ? { record: flags.record } : {}),
    onRecordFailure: (failure) => {
      onRecordFailure();
      sayOutputFailure({ output: '--record', ...failure });
    },
    allowOpen: flags.allowOpen === true,
    allowEmpty: flags.allowEmpty === true,
    ...(flags.bodyLimit !== undefined ? { bodyLimit: flags.bodyLimit } : {}),
    ...(flags.bodyTimeout !== undefined
      ? { bodyTimeoutMs: Math.round(flags.bodyTimeout * 1000) }
      : {}),
    redactHeaders: flags.redactHeader,
    ...(flags.recordSecrets === true ? { recordSecrets: true } : {}),
  };
}

/**
 * `cpn-kit proxy`: forwards and judges live until stopped (Ctrl-C, SIGTERM, the launcher gone, or
 * `--duration`), rewriting its report files as it goes; 0 when everything seen conforms, 1 if not
 * (or incomplete), 2 when an output could not be written.
 */
async function runProxy(
  flags: ProxyFlags,
  settings: readonly SettingSource[] = [],
): Promise<number> {
  if (flags.recordSecrets === true && flags.record === undefined)
    throw new UsageError(
      '--record-secrets: only with --record (it keeps secrets in the recording)',
    );
  const [{ startProxy }, { formatJudged }, { SecretMask }, { withDrift }] = await Promise.all([
    import('../checks/proxy/startProxy.js'),
    import('../checks/proxy/formatJudged.js'),
    import('../http/SecretMask.js'),
    import('../checks/proxy/withDrift.js'),
  ]);
  const judged = withDrift(settings);
  // What the console and the report files mask; the engine masks its recording and answers alike.
  const mask = new SecretMask({ headers: flags.redactHeader });
  const files = await openReportFiles(flags, { '--record': flags.record }, mask);
  let recordFailed = false;
  const options = await proxyOptions(flags, () => (recordFailed = true));
  const stop = stopSignal({ watchParent: flags.parentWatch });
  // The report as it stands, once the proxy runs: each judged notification rewrites the files.
  const live: { snapshot?: () => Report } = {};
  const proxy = await startProxy(options, (judged) => {
    printBatched(formatJudged(judged, mask));
    if (live.snapshot) files.update(live.snapshot);
  }).catch((error: unknown) => {
    stop.dispose();
    if (error instanceof ListenError)
      throw new UsageError(`--listen: ${error.message}`, { cause: error });
    throw error;
  });
  live.snapshot = () => judged(proxy.snapshot());
  files.update(live.snapshot);
  mask.addUrl(new URL(flags.target));
  process.stderr.write(
    `cpn-kit proxy: listening on ${proxy.url}, forwarding to ${mask.text(flags.target)}; point OCS's ` +
      `contact-processed-notification-uri here. Ctrl-C ends the run and writes the report.\n`,
  );
  await untilStopped(stop.signal, flags.duration);
  const report = judged(await proxy.close());
  stop.dispose();
  // Each notification's line was printed live when it completed; the files keep them all.
  const shown = (finding: Finding) => !finding.id.startsWith('notification ');
  return finishReport(files, report, {
    shown,
    outputFailed: recordFailed,
    ciSummary: flags.ciSummary,
  });
}

/** The flags about how long the run is and what it may leave open. */
function runFlags(command: Command): Command {
  return command
    .addOption(
      durationFlag(
        'stop after this many seconds (default: run until Ctrl-C, SIGTERM, or the process that ' +
          'started it ends)',
      ),
    )
    .option(
      '--allow-open',
      'a notification still open at the end (its retry could still come) is a warning, not an ' +
        'incomplete run',
    )
    .option('--allow-empty', 'a run that saw no notification is not an incomplete run')
    .addOption(parentWatchFlag());
}

/** The flags that bound what a sender can make the proxy take. */
function limitFlags(command: Command): Command {
  return command
    .addOption(
      bodyLimitFlag(
        'the largest request body forwarded, in bytes; a larger one gets 413 from the proxy ' +
          '(default 262144: 256 KiB, as receive)',
      ),
    )
    .addOption(
      new Option(
        '--body-timeout <s>',
        'how long a request may take to arrive whole; a slower one gets 408 (default 10)',
      ).argParser(seconds('--body-timeout')),
    );
}

export function registerProxy(program: Command): void {
  const command = program
    .command('proxy')
    .description(
      'stand between a sender (OCS) and a receiver (the CRM): forward every request unchanged and ' +
        'judge each notification live, both sides',
    )
    .requiredOption('--target <url>', 'the receiver to forward to (the CRM URL OCS would post to)')
    .addOption(
      new Option('--listen <host:port>', 'where OCS posts to')
        .default({ host: '127.0.0.1', port: 8080 }, '127.0.0.1:8080')
        .argParser(parseListen),
    )
    .option(
      '--tls-cert <pem-file>',
      'serve HTTPS to the sender with this certificate (with --tls-key)',
    )
    .option('--tls-key <pem-file>', 'the private key of --tls-cert')
    .option(
      '--ca <pem-file>',
      'trust the CA certificate(s) in this PEM file for an https:// target',
    )
    .addOption(ocsFlag('retryMaxAttempts', "OCS's http-retry-max-attempts"))
    .addOption(ocsFlag('retryAppliesTo', "OCS's http-retry-applies-to"))
    .addOption(ocsFlag('responseTimeout', "OCS's http-response-timeout in seconds"))
    .addOption(ocsFlag('connectionPoolSize'))
    .addOption(
      new Option(
        '--retry-window <s>',
        'how long after a failed attempt a retry may still come (default: 2 × response timeout + 5)',
      ).argParser(seconds('--retry-window')),
    );
  addReportFlags(limitFlags(runFlags(command)))
    .option(
      '--record <file>',
      'append every exchange to this NDJSON file, each before its answer goes out (replay it ' +
        'with cpn-kit replay); secrets masked as in the reports',
    )
    .addOption(recordSecretsFlag())
    .addOption(redactHeaderFlag())
    .addOption(ocsOptionsFlag())
    .action(async (given: ProxyFlags, self: Command) => {
      const { flags, settings } = await applyOcsOptions(self, given);
      process.exitCode = await runProxy(flags, settings);
    });
}
