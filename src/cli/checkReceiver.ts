import { Option, type Command } from 'commander';
import type { CheckReceiverOptions } from '../checks/receiver/checkReceiver.js';
import { DEFAULT_PROVIDER_NAME, CONSUMER_NAME } from '../pact/contractNames.js';
import {
  handledCountFlag,
  headersFrom,
  addReportFlags,
  integer,
  parentWatchFlag,
  seconds,
  ocsFlag,
} from './flags.js';
import { assumptions } from '../assumptions.js';
import { SMALLEST_LARGEST_NOTIFICATION } from '../checks/receiver/largeNotificationChecks.js';
import { readCaFlag } from './readFlagFile.js';
import { finishReport, openReportFiles, withSettings, type ReportFlags } from './reportOutputs.js';
import { applyOcsOptions, ocsOptionsFlag } from './ocsOptionsFlag.js';
import type { SettingSource } from '../report/Report.js';
import { stopSignal } from './stopSignal.js';
import { UsageError } from '../errors/UsageError.js';

interface CheckReceiverFlags extends ReportFlags {
  /** `--ocs-options FILE`: the operator's OCServer options (already applied under the flags). */
  readonly ocsOptions?: string;
  readonly header: string[];
  readonly consumer: string;
  readonly consumerVersionSelectors?: Record<string, unknown>[];
  readonly enablePending?: boolean;
  readonly includeWipPactsSince?: string;
  readonly provider: string;
  readonly responseTimeout: number;
  readonly poolSize: number;
  readonly largestNotification: number;
  readonly pact?: string[];
  readonly publishVerification?: boolean;
  readonly brokerUrl?: string;
  readonly providerVersion?: string;
  readonly branch?: string;
  readonly ca?: string;
  readonly handledCount?: string;
  readonly parentWatch: boolean;
  readonly explore?: boolean;
  readonly exploreRuns?: number;
  readonly exploreTime?: number;
  readonly seed?: number;
}

/** The exploration's options, or a usage error for its flags given without --explore. */
function exploreOptions(flags: CheckReceiverFlags): Pick<CheckReceiverOptions, 'explore'> {
  const exploreOnly = {
    '--explore-runs': flags.exploreRuns,
    '--explore-time': flags.exploreTime,
    '--seed': flags.seed,
  };
  if (flags.explore !== true) {
    const given = Object.entries(exploreOnly).filter(([, value]) => value !== undefined);
    if (given.length > 0)
      throw new UsageError(`${given.map(([flag]) => flag).join(', ')}: only used with --explore`);
    return {};
  }
  return {
    explore: {
      connectionPoolSize: flags.poolSize,
      ...(flags.exploreRuns !== undefined ? { runs: flags.exploreRuns } : {}),
      ...(flags.exploreTime !== undefined ? { timeMs: flags.exploreTime * 1000 } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    },
  };
}

/** A JSON array of consumer version selector objects. */
function parseSelectors(value: string): Record<string, unknown>[] {
  let selectors: unknown;
  try {
    selectors = JSON.parse(value);
  } catch {
    selectors = undefined;
  }
  if (
    !Array.isArray(selectors) ||
    selectors.some((s) => s === null || typeof s !== 'object' || Array.isArray(s))
  ) {
    throw new UsageError(
      `--consumer-version-selectors: expected a JSON array of selector objects such as ` +
        `'[{"mainBranch":true}]', found ${JSON.stringify(value)}`,
    );
  }
  return selectors as Record<string, unknown>[];
}

function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new UsageError(
      `--include-wip-pacts-since: expected a date YYYY-MM-DD, found ${JSON.stringify(value)}`,
    );
  return value;
}

/** The broker part of the options, or a usage error for broker flags given without --broker-url. */
function brokerOptions(
  flags: CheckReceiverFlags,
  env: NodeJS.ProcessEnv,
): Pick<CheckReceiverOptions, 'broker'> {
  const brokerOnly = {
    '--provider-version': flags.providerVersion,
    '--branch': flags.branch,
    '--consumer-version-selectors': flags.consumerVersionSelectors,
    '--include-wip-pacts-since': flags.includeWipPactsSince,
    '--enable-pending': flags.enablePending,
    '--publish-verification': flags.publishVerification,
  };
  if (flags.brokerUrl === undefined) {
    const given = Object.entries(brokerOnly)
      .filter(([, value]) => value !== undefined)
      .map(([flag]) => flag);
    if (given.length > 0) throw new UsageError(`${given.join(', ')}: only used with --broker-url`);
    return {};
  }
  if (flags.publishVerification && flags.providerVersion === undefined)
    throw new UsageError(
      '--publish-verification: needs --provider-version (the version of your receiver, e.g. the commit)',
    );
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, V>);
  return {
    broker: {
      url: flags.brokerUrl,
      publish: flags.publishVerification === true,
      consumer: flags.consumer,
      enablePending: flags.enablePending === true,
      ...optional('providerVersion', flags.providerVersion),
      ...optional('branch', flags.branch),
      ...optional('consumerVersionSelectors', flags.consumerVersionSelectors),
      ...optional('includeWipPactsSince', flags.includeWipPactsSince),
      ...optional('token', env.PACT_BROKER_TOKEN),
      ...optional('username', env.PACT_BROKER_USERNAME),
      ...optional('password', env.PACT_BROKER_PASSWORD),
    },
  };
}

/**
 * `cpn-kit check-receiver URL`: every request of the contract and the checks Pact cannot express,
 * judged; Pact's Verifier on the answers.
 */
async function runCheckReceiver(
  url: string,
  flags: CheckReceiverFlags,
  settings: readonly SettingSource[] = [],
): Promise<number> {
  (await import('./requirePeer.js')).requirePeer('@pact-foundation/pact', 'check-receiver');
  // Pact loads in its own process while this one reads the flags and loads the checks.
  (await import('../pact/runPactVerifier.js')).warmPactVerifier();
  const [{ checkReceiver }, { secretMask }] = await Promise.all([
    import('../checks/receiver/checkReceiver.js'),
    import('../checks/receiver/secretMask.js'),
  ]);
  const ca = await readCaFlag(flags.ca);
  const headers = headersFrom(flags.header);
  const broker = brokerOptions(flags, process.env);
  const explore = exploreOptions(flags);
  // The engine masks its reports; the files and the terminal mask them again, the same way.
  const files = await openReportFiles(flags, {}, secretMask(url, headers, broker.broker));
  const stop = stopSignal({ watchParent: flags.parentWatch });
  const report = await checkReceiver({
    signal: stop.signal,
    onProgress: (snapshot) => files.update(() => withSettings(settings)(snapshot)),
    url,
    headers,
    provider: flags.provider,
    responseTimeout: flags.responseTimeout,
    connectionPoolSize: flags.poolSize,
    // Given only when not the assumed size, so that the finding says which it is.
    ...(flags.largestNotification !== assumptions.largestNotificationBytes
      ? { largestNotificationBytes: flags.largestNotification }
      : {}),
    ...(flags.pact !== undefined ? { pactFiles: flags.pact } : {}),
    ...(ca !== undefined ? { ca } : {}),
    ...(flags.handledCount !== undefined ? { handledCount: { command: flags.handledCount } } : {}),
    ...broker,
    ...explore,
  }).finally(() => stop.dispose());
  return finishReport(files, withSettings(settings)(report), { ciSummary: flags.ciSummary });
}

/** The flags that take the pacts from a Pact Broker and publish the verdict there. */
function addBrokerFlags(command: Command): Command {
  return command
    .option(
      '--publish-verification',
      'publish the whole verdict to the Pact Broker (needs --broker-url and --provider-version)',
    )
    .option(
      '--broker-url <url>',
      'take the pacts from this Pact Broker (token in PACT_BROKER_TOKEN, or ' +
        'PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD)',
    )
    .option('--provider-version <version>', 'the version of your receiver, e.g. the git SHA')
    .option(
      '--branch <branch>',
      'the branch of your receiver (pending and WIP pacts are computed for it)',
    )
    .addOption(
      new Option(
        '--consumer <name>',
        "with --broker-url: verify only this consumer's pacts",
      ).default(CONSUMER_NAME),
    )
    .addOption(
      new Option(
        '--consumer-version-selectors <json>',
        'with --broker-url: the consumer version selectors as a JSON array (default: main ' +
          'branch, matching branch, deployed or released)',
      ).argParser(parseSelectors),
    )
    .option(
      '--enable-pending',
      'with --broker-url: ask for pending pacts; their failures are reported as warnings',
    )
    .addOption(
      new Option(
        '--include-wip-pacts-since <date>',
        'with --broker-url: also verify work-in-progress pacts published since this date (YYYY-MM-DD)',
      ).argParser(parseDate),
    );
}

/** The flags of the exploration with generated requests. */
function addExploreFlags(command: Command): Command {
  return command
    .option(
      '--explore',
      'also send requests generated from the schema (valid ones to acknowledge, broken ones to ' +
        'refuse); a failure is shrunk to its smallest body',
    )
    .addOption(
      new Option(
        '--explore-runs <n>',
        'with --explore: generated requests per property, before shrinking (default 100)',
      ).argParser(integer('--explore-runs', 1)),
    )
    .addOption(
      new Option(
        '--explore-time <s>',
        'with --explore: the most seconds the exploration may take (default 60)',
      ).argParser(seconds('--explore-time')),
    )
    .addOption(
      new Option(
        '--seed <n>',
        'with --explore: the seed (0 to 2147483647); the report gives the one used, to replay it',
      ).argParser(integer('--seed', 0)),
    );
}

/** check-receiver's `--header`: it sends the header to the receiver as OCS's http-custom-headers would. */
const HEADER_HELP = "a static header sent with every request, 'Name: value' (repeatable)";

export function registerCheckReceiver(program: Command): void {
  const command = program
    .command('check-receiver')
    .description(
      "verify a live receiver: the contract's requests and the checks Pact cannot express, each " +
        "answer judged, Pact's Verifier on the answers",
    )
    .argument('<url>', 'the receiver URL, e.g. http://127.0.0.1:8080/notifications')
    .addOption(ocsFlag('customHeaders', HEADER_HELP))
    .addOption(
      new Option('--provider <name>', 'the Pact provider name of your receiver').default(
        DEFAULT_PROVIDER_NAME,
      ),
    )
    .addOption(
      ocsFlag(
        'responseTimeout',
        'seconds the receiver has to answer (http-response-timeout); every request is aborted at it',
      ),
    )
    .addOption(
      ocsFlag(
        'connectionPoolSize',
        'http-connection-pool-size: at most P connections at once, as OCS opens (the checks and ' +
          '--explore alike)',
      ),
    )
    .addOption(
      new Option(
        '--largest-notification <bytes>',
        'the largest notification your OCS sends (many long user-defined fields); a valid one ' +
          'this large is sent',
      )
        .default(assumptions.largestNotificationBytes)
        .argParser(integer('--largest-notification', SMALLEST_LARGEST_NOTIFICATION)),
    )
    .option(
      '--pact <file>',
      "verify this pact file instead of the kit's contracts/ (repeatable)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--ca <pem-file>',
      'trust the CA certificate(s) in this PEM file for an https:// receiver (self-signed or ' +
        'private CA); TLS 1.2+, always verified',
    )
    .addOption(
      handledCountFlag(
        'runs the exactly-once checks (a copy after the answer, a copy while the first is handled, ' +
          'copies at once, two notifications of one call attempt, every notification of the run)',
      ),
    )
    .addOption(parentWatchFlag());
  addReportFlags(addBrokerFlags(addExploreFlags(command.addOption(ocsOptionsFlag())))).action(
    async (url: string, given: CheckReceiverFlags, self: Command) => {
      const { flags, settings } = await applyOcsOptions(self, given);
      process.exitCode = await runCheckReceiver(url, flags, settings);
    },
  );
}
