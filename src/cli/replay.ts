import { Option, type Command } from 'commander';
import { access } from 'node:fs/promises';
import type { RetryCondition } from '../retry/retryPolicy.js';
import {
  FORMAT_JSON_HINT,
  handledCountFlag,
  integer,
  formatFlag,
  headersFrom,
  jsonFileFlag,
  ocsFlag,
} from './flags.js';
import { readCaFlag } from './readFlagFile.js';
import { summaryLines } from './summaryLines.js';
import { UsageError } from '../errors/UsageError.js';
import { prepareJsonFile, writeJsonFile } from './writeJsonFile.js';
import { terminalSafe } from '../util/terminalSafe.js';
import type { ReplaySummary } from '../sender/replayRecording.js';

/** The flags of `cpn-kit replay`. */
interface ReplayFlags {
  readonly uri: string;
  readonly fresh?: boolean;
  readonly guid?: string;
  readonly copies: number;
  readonly concurrency?: number;
  readonly handledCount?: string;
  readonly poolSize: number;
  readonly retryMaxAttempts: number;
  readonly retryAppliesTo: RetryCondition[];
  readonly responseTimeout: number;
  readonly header: string[];
  readonly ca?: string;
  /** Write the summary as JSON to this file. */
  readonly json?: string;
  /** How the summary is printed on standard output. */
  readonly format: 'text' | 'json';
}

/** The copies sent, and with --handled-count how many notifications were handled once (and each that was not). */
function handledLines(summary: ReplaySummary): string[] {
  const copies =
    summary.copies > 1 ? [`each notification sent ${summary.copies} times (--copies)`] : [];
  const { handled } = summary;
  if (handled === undefined) return copies;
  const total = handled.once + handled.wrong.length;
  const wrong = handled.wrong.slice(0, 5).map((w) => `not handled once: ${w.why}`);
  const more = handled.wrong.length > 5 ? [`... and ${handled.wrong.length - 5} more`] : [];
  return [
    ...copies,
    `handled exactly once: ${handled.once} of ${total} notification(s)`,
    ...wrong,
    ...more,
  ].map(terminalSafe);
}

/**
 * `cpn-kit replay FILE --uri URL`: 0 when every notification was delivered again (and with
 * --handled-count, handled exactly once), 1 if not.
 */
async function runReplay(file: string, flags: ReplayFlags): Promise<number> {
  await access(file).catch(() => {
    throw new UsageError(`<file>: cannot read ${file}: no such file`);
  });
  const [{ replayRecording }, { redactCredentials }, { escapeJsonControls }] = await Promise.all([
    import('../sender/replayRecording.js'),
    import('../http/redactCredentials.js'),
    import('../util/escapeJsonControls.js'),
  ]);
  const ca = await readCaFlag(flags.ca);
  if (flags.json !== undefined) await prepareJsonFile(flags.json);
  const summary = await replayRecording({
    file,
    uri: flags.uri,
    connectionPoolSize: flags.poolSize,
    retryMaxAttempts: flags.retryMaxAttempts,
    retryAppliesTo: flags.retryAppliesTo,
    responseTimeout: flags.responseTimeout,
    customHeaders: headersFrom(flags.header),
    ...(flags.fresh === true ? { fresh: true } : {}),
    ...(flags.guid !== undefined ? { guid: flags.guid } : {}),
    copies: flags.copies,
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.handledCount !== undefined ? { handledCount: { command: flags.handledCount } } : {}),
    ...(ca !== undefined ? { ca } : {}),
    onUnsentHeaders: (names) =>
      process.stderr.write(
        `cpn-kit replay: the recorded requests also carried ${names.join(', ')}; replay sends no ` +
          'recorded header (a credential would go wherever --uri points): give them with --header\n',
      ),
  });
  if (flags.json !== undefined) await writeJsonFile(flags.json, summary);
  const text =
    flags.format === 'json'
      ? escapeJsonControls(JSON.stringify(summary, null, 2))
      : [...summaryLines(summary, redactCredentials(flags.uri)), ...handledLines(summary)].join(
          '\n',
        );
  process.stdout.write(`${text}\n`);
  return summary.failed > 0 || (summary.handled?.wrong.length ?? 0) > 0 ? 1 : 0;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      'send the notifications of a recording (--record of proxy or receive) again through the ' +
        'reference sender: the very same bytes, or --fresh ones',
    )
    .argument('<file>', 'the NDJSON recording')
    .addOption(ocsFlag('uri', 'where to send them').makeOptionMandatory())
    .option(
      '--fresh',
      'a new GSW_MESSAGE_GUID and GSW_TIMESTAMP for each (default: the recorded bytes)',
    )
    .option('--guid <guid>', 'only the notification with this GSW_MESSAGE_GUID')
    .addOption(
      new Option(
        '--copies <n>',
        'send each notification N times, byte-identical (the same GUID): an idempotency hammer',
      )
        .default(1)
        .argParser(integer('--copies', 1)),
    )
    .addOption(
      new Option(
        '--concurrency <c>',
        'at most C requests under way at once, the copies of one notification side by side ' +
          '(default: --pool-size; the pool grows to C connections)',
      ).argParser(integer('--concurrency', 1)),
    )
    .addOption(handledCountFlag('each notification must then have been handled exactly once'))
    .addOption(ocsFlag('connectionPoolSize'))
    .addOption(ocsFlag('retryMaxAttempts'))
    .addOption(ocsFlag('retryAppliesTo'))
    .addOption(ocsFlag('responseTimeout'))
    .addOption(
      ocsFlag('customHeaders', 'a custom header sent with each, "Name: value" (repeatable)'),
    )
    .option('--ca <pem-file>', 'extra trusted CA certificate(s) for HTTPS')
    .addOption(
      jsonFileFlag('write the summary as JSON (its folders are created)', FORMAT_JSON_HINT),
    )
    .addOption(formatFlag('the summary'))
    .action(async (file: string, flags: ReplayFlags) => {
      process.exitCode = await runReplay(file, flags);
    });
}
