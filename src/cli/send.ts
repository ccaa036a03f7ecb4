import { Option, type Command } from 'commander';
import {
  FORMAT_JSON_HINT,
  formatFlag,
  headersFrom,
  integer,
  jsonFileFlag,
  ocsFlag,
} from './flags.js';
import { readCaFlag, readFlagFile } from './readFlagFile.js';
import { applyOcsOptions, ocsOptionsFlag } from './ocsOptionsFlag.js';
import type { SettingSource } from '../report/Report.js';
import { terminalSafe } from '../util/terminalSafe.js';
import { summaryLines } from './summaryLines.js';
import { UsageError } from '../errors/UsageError.js';
import { prepareJsonFile, writeJsonFile } from './writeJsonFile.js';
import type { RetryCondition } from '../retry/retryPolicy.js';

/** The options of `cpn-kit send`, as the flags give them. */
export interface SendCliOptions {
  /** Required, from the flag or from `--ocs-options` (contact-processed-notification-uri). */
  readonly uri?: string;
  /** `--ocs-options FILE`: the operator's OCServer options (already applied under the flags). */
  readonly ocsOptions?: string;
  readonly count: number;
  readonly poolSize: number;
  readonly retryMaxAttempts: number;
  readonly retryAppliesTo: RetryCondition[];
  readonly responseTimeout: number;
  readonly proxy?: string;
  readonly header: string[];
  readonly fixture?: string;
  readonly file?: string;
  readonly userAgent?: string;
  readonly ca?: string;
  /** Write the summary as JSON to this file. */
  readonly json?: string;
  /** How the summary is printed on standard output. */
  readonly format: 'text' | 'json';
  readonly quiet?: boolean;
}

/** The messages to send: a fixture, the notifications in a file (each checked), or none (generated ones). */
async function templates(options: SendCliOptions): Promise<unknown[] | undefined> {
  if (options.fixture !== undefined && options.file !== undefined)
    throw new UsageError('--fixture and --file: give one or the other');
  const [{ getFixture, fixtureNames }, { validateContactProcessed }] = await Promise.all([
    import('../message/fixtures.js'),
    import('../message/validateContactProcessed.js'),
  ]);
  if (options.fixture !== undefined) {
    if (!(fixtureNames as readonly string[]).includes(options.fixture))
      throw new UsageError(
        `--fixture: expected one of ${fixtureNames.join(', ')}, found ${JSON.stringify(options.fixture)}`,
      );
    return [getFixture(options.fixture).message];
  }
  if (options.file === undefined) return undefined;
  const text = (await readFlagFile('--file', options.file)).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--file: ${options.file} is not JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
  for (const [i, template] of list.entries()) {
    const result = validateContactProcessed(template);
    const where = Array.isArray(parsed) ? `${options.file} [${i}]` : options.file;
    if (!result.valid)
      throw new UsageError(
        `--file: ${where} is not a valid notification: ${result.errors.map((e) => e.message).join('; ')}`,
      );
  }
  return list;
}

/** A progress bar on standard error, only on a terminal and for more than one notification. */
async function progressBar(
  options: SendCliOptions,
): Promise<{ update(n: number): void; stop(): void } | undefined> {
  if (
    options.quiet ||
    options.format === 'json' ||
    process.stderr.isTTY !== true ||
    options.count <= 1
  )
    return undefined;
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    {
      format: 'sending [{bar}] {value}/{total} {percentage}% {eta}s left',
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(options.count, 0);
  return bar;
}

/**
 * `cpn-kit send`: the OCS simulator. Exit 0 when every notification was delivered, 1 when any
 * failed, 2 on usage errors.
 */
export async function runSend(
  options: SendCliOptions,
  settings: readonly SettingSource[] = [],
): Promise<number> {
  const uri = options.uri;
  if (uri === undefined)
    throw new UsageError(
      '--uri: expected where to POST (an http:// or https:// URL), or --ocs-options with ' +
        'contact-processed-notification-uri',
    );
  for (const setting of settings)
    process.stderr.write(
      `cpn-kit send: ${terminalSafe(`${setting.option} = ${setting.value} (${setting.from})`)}\n`,
    );
  const [{ sendBatch }, { redactCredentials }] = await Promise.all([
    import('../sender/sendBatch.js'),
    import('../http/redactCredentials.js'),
  ]);
  const messages = await templates(options);
  const ca = await readCaFlag(options.ca);
  if (options.json !== undefined) await prepareJsonFile(options.json);
  const bar = await progressBar(options);
  try {
    const summary = await sendBatch({
      uri,
      count: options.count,
      connectionPoolSize: options.poolSize,
      retryMaxAttempts: options.retryMaxAttempts,
      retryAppliesTo: options.retryAppliesTo,
      responseTimeout: options.responseTimeout,
      customHeaders: headersFrom(options.header),
      ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
      ...(options.userAgent !== undefined ? { userAgent: options.userAgent } : {}),
      ...(ca ? { ca } : {}),
      ...(messages ? { templates: messages as never } : {}),
      ...(bar ? { onResult: (_r: unknown, done: number) => bar.update(done) } : {}),
    });
    bar?.stop();
    const result = settings.length > 0 ? { ...summary, settings } : summary;
    if (options.json !== undefined) await writeJsonFile(options.json, result);
    process.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify(result, null, 2)}\n`
        : `${summaryLines(summary, redactCredentials(uri)).join('\n')}\n`,
    );
    return summary.failed > 0 ? 1 : 0;
  } finally {
    bar?.stop();
  }
}

export function registerSend(program: Command): void {
  program
    .command('send')
    .description(
      'the OCS simulator: POST contact-processed notifications as OCS does (retries, pool, proxy, timeout)',
    )
    .addOption(
      ocsFlag(
        'uri',
        'contact-processed-notification-uri: where to POST (http or https); required unless --ocs-options gives it',
      ),
    )
    .addOption(ocsOptionsFlag())
    .addOption(
      new Option('--count <n>', 'how many notifications')
        .default(1)
        .argParser(integer('--count', 0)),
    )
    .addOption(ocsFlag('connectionPoolSize'))
    .addOption(ocsFlag('retryMaxAttempts'))
    .addOption(ocsFlag('retryAppliesTo'))
    .addOption(ocsFlag('responseTimeout'))
    .addOption(ocsFlag('proxy'))
    .addOption(ocsFlag('customHeaders'))
    .option('--fixture <name>', 'send this fixture (fresh GUID and timestamp per notification)')
    .option(
      '--file <f.json>',
      'send this message, or each of an array in turn (fresh GUID and timestamp per notification)',
    )
    .option('--user-agent <ua>', 'the User-Agent header (default OCS/8.1.528.15)')
    .option('--ca <pem-file>', 'extra trusted CA certificate(s) for HTTPS')
    .addOption(
      jsonFileFlag('write the summary as JSON (its folders are created)', FORMAT_JSON_HINT),
    )
    .addOption(formatFlag('the summary'))
    .option('--quiet', 'no progress bar')
    .action(async (given: SendCliOptions, self: Command) => {
      const { flags, settings } = await applyOcsOptions(self, given);
      process.exitCode = await runSend(flags, settings);
    });
}
