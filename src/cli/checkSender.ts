import { Option, type Command } from 'commander';
import { DEFAULT_SENDER_CONCURRENCY } from '../checks/sender/checkSenderDefaults.js';
import { ListenError } from '../errors/ListenError.js';
import type { RetryCondition } from '../retry/retryPolicy.js';
import {
  concurrencyFlag,
  durationFlag,
  addReportFlags,
  parentWatchFlag,
  ocsFlag,
} from './flags.js';
import { parseListen, readTls } from './listenFlags.js';
import { finishReport, openReportFiles, withSettings, type ReportFlags } from './reportOutputs.js';
import { applyOcsOptions, ocsOptionsFlag } from './ocsOptionsFlag.js';
import type { SettingSource } from '../report/Report.js';
import { stopSignal } from './stopSignal.js';
import { UsageError } from '../errors/UsageError.js';

/** The options of `cpn-kit check-sender`, as the flags give them. */
export interface CheckSenderCliOptions extends ReportFlags {
  /** `--ocs-options FILE`: the operator's OCServer options (already applied under the flags). */
  readonly ocsOptions?: string;
  readonly exec?: string;
  readonly once?: boolean;
  readonly concurrency: number;
  readonly listen?: { host: string; port: number };
  readonly retryMaxAttempts: number;
  readonly retryAppliesTo: RetryCondition[];
  readonly responseTimeout: number;
  readonly duration?: number;
  readonly scenario: string[];
  readonly showSenderOutput?: boolean;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly parentWatch: boolean;
}

/** `cpn-kit check-sender`: 0 when the sender is conformant, 1 when not, 2 on usage errors. */
export async function runCheckSender(
  options: CheckSenderCliOptions,
  settings: readonly SettingSource[] = [],
): Promise<number> {
  const [{ checkSender }, { getScenario }, { execSender }] = await Promise.all([
    import('../checks/sender/checkSender.js'),
    import('../scenarios/scenarioCatalog.js'),
    import('./execSender.js'),
  ]);
  const { exec, duration } = options;
  if (exec !== undefined && exec.trim() === '')
    throw new UsageError('--exec: expected a command, found an empty string');
  if (options.once && exec === undefined)
    throw new UsageError('--once: runs the --exec command once for every scenario; give --exec');
  const tls = await readTls(options);
  const scenarios =
    options.scenario.length > 0
      ? options.scenario.flatMap((s) => s.split(',')).map((id) => getScenario(id.trim()))
      : undefined;
  const inherit = options.showSenderOutput === true;
  const files = await openReportFiles(options);
  const stop = stopSignal({ watchParent: options.parentWatch });
  const report = await checkSender({
    signal: stop.signal,
    onProgress: (snapshot) => files.update(() => withSettings(settings)(snapshot)),
    retryMaxAttempts: options.retryMaxAttempts,
    retryAppliesTo: options.retryAppliesTo,
    responseTimeout: options.responseTimeout,
    concurrency: options.concurrency,
    ...(exec !== undefined && !options.once
      ? { send: (target) => execSender(exec, target, { limitMs: target.limitMs, inherit }) }
      : {}),
    ...(exec !== undefined && options.once
      ? {
          run: (target) => execSender(exec, target, { limitMs: (duration ?? 300) * 1000, inherit }),
        }
      : {}),
    ...(exec !== undefined ? { subject: exec } : {}),
    ...(options.listen !== undefined ? { listen: options.listen } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(scenarios ? { scenarios } : {}),
    ...(tls ? { tls } : {}),
    onListening: (target) => {
      if (exec === undefined)
        process.stderr.write(
          `check-sender: serving ${target.count} scenarios at ${target.url}; send ` +
            `${target.count} distinct notifications there (one scenario per new GUID, in order)\n`,
        );
    },
  })
    .catch((error: unknown) => {
      if (error instanceof ListenError)
        throw new UsageError(`--listen: ${error.message}`, { cause: error });
      throw error;
    })
    .finally(() => stop.dispose());
  return finishReport(files, withSettings(settings)(report), { ciSummary: options.ciSummary });
}

export function registerCheckSender(program: Command): void {
  const command = program
    .command('check-sender')
    .description(
      'serve the receiver scenarios on loopback and judge how a sender (or a real OCS) handles them',
    )
    .option(
      '--exec <command>',
      'run the sender under test once per scenario; it gets CPN_URL, CPN_MESSAGE, CPN_COUNT=1 ' +
        'and the settings as CPN_*; exit 0 = delivered',
    )
    .option(
      '--once',
      'run the --exec command once for the whole catalog (CPN_COUNT = number of scenarios); ' +
        'outcomes are then not observable',
    )
    .addOption(concurrencyFlag('scenarios played at once with --exec', DEFAULT_SENDER_CONCURRENCY))
    .addOption(
      new Option(
        '--listen <host:port>',
        'where to serve the scenarios (default 127.0.0.1 and a free port)',
      ).argParser(parseListen),
    )
    .addOption(ocsFlag('retryMaxAttempts', "the sender's http-retry-max-attempts"))
    .addOption(ocsFlag('retryAppliesTo', "the sender's http-retry-applies-to"))
    .addOption(
      ocsFlag(
        'responseTimeout',
        "the sender's http-response-timeout in seconds (scenario timings scale with it)",
      ),
    )
    .addOption(
      durationFlag(
        'without --exec: wait at most this long for the scenarios to play; with --exec: the ' +
          'limit of each run (default: enough for its scenario)',
      ),
    )
    .option(
      '--scenario <id>',
      'play only these scenarios (repeatable or comma-separated)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--show-sender-output', "pass the --exec command's output through")
    .option(
      '--tls-cert <pem-file>',
      'serve HTTPS with this certificate (with --tls-key); the sender must trust it',
    )
    .option('--tls-key <pem-file>', 'the private key of --tls-cert')
    .addOption(parentWatchFlag());
  addReportFlags(command.addOption(ocsOptionsFlag())).action(
    async (given: CheckSenderCliOptions, self: Command) => {
      const { flags, settings } = await applyOcsOptions(self, given);
      process.exitCode = await runCheckSender(flags, settings);
    },
  );
}
