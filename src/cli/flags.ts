import { Option, type Command } from 'commander';
import {
  reportFormatNames,
  reportFormats,
  type ReportFormatName,
} from '../report/reportFormats.js';
import { assumptions } from '../assumptions.js';
import { parseOptionValue } from '../ocs/parseOptionValue.js';
import { parseHeaderList } from '../ocs/customHeaders.js';
import type { RetryCondition } from '../retry/retryPolicy.js';
import { UsageError } from '../errors/UsageError.js';
import { badOption } from '../errors/OptionError.js';

/**
 * The flags several commands share, each declared once: its name, its help, its parser (the same one
 * `fromOcsOptions` uses, so a value is refused with the same words everywhere, naming the flag) and
 * its default (from `assumptions`). A refusal is an OptionError, which the CLI prints and exits 2 on.
 */

/** The API option each shared flag sets, for naming the flag when the API refuses a value. */
export const FLAG_FOR_OPTION: Readonly<Record<string, string>> = Object.freeze({
  retryMaxAttempts: '--retry-max-attempts',
  retryAppliesTo: '--retry-applies-to',
  responseTimeout: '--response-timeout',
  connectionPoolSize: '--pool-size',
  largestNotificationBytes: '--largest-notification',
  customHeaders: '--header',
  headers: '--header',
  proxy: '--proxy',
  userAgent: '--user-agent',
  ca: '--ca',
  uri: '--uri',
  url: 'URL',
  duration: '--duration',
  concurrency: '--concurrency',
  bodyLimit: '--body-limit',
  bodyTimeoutMs: '--body-timeout',
  consumer: '--consumer',
  provider: '--provider',
  path: '--path',
  tls: '--tls-cert/--tls-key',
  pactFiles: '--pact',
  scenario: '--scenario',
  fixture: '--fixture',
  count: '--count',
  listen: '--listen',
  record: '--record',
  log: '--log',
  json: '--json',
  junit: '--junit',
  html: '--html',
  allowOpen: '--allow-open',
  allowEmpty: '--allow-empty',
  target: '--target',
  'explore.runs': '--explore-runs',
  'explore.timeMs': '--explore-time',
  'explore.seed': '--seed',
  'explore.connectionPoolSize': '--pool-size',
  handledCount: '--handled-count',
  copies: '--copies',
});

/** A parser of a whole-number flag, at least `min`. */
export const integer = (flag: string, min: number) => (value: string) =>
  parseOptionValue.integer(flag, value, min);
/** A parser of a number-of-seconds flag, greater than 0. */
export const seconds = (flag: string) => (value: string) => parseOptionValue.seconds(flag, value);

export const retryMaxAttemptsFlag = (
  help = 'http-retry-max-attempts: retries after the first attempt',
) =>
  new Option('--retry-max-attempts <n>', help)
    .default(assumptions.retryMaxAttempts)
    .argParser(integer('--retry-max-attempts', 0));

export const retryAppliesToFlag = (
  help = 'http-retry-applies-to: comma-separated connection-failure,timeout,3xx,4xx,5xx (or none)',
) =>
  new Option('--retry-applies-to <list>', help)
    .default(
      [...assumptions.retryAppliesTo] as RetryCondition[],
      assumptions.retryAppliesTo.join(','),
    )
    .argParser((value) => parseOptionValue.retryAppliesTo('--retry-applies-to', value));

export const responseTimeoutFlag = (
  help = 'http-response-timeout in seconds (fractions allowed)',
) =>
  new Option('--response-timeout <s>', help)
    .default(assumptions.responseTimeoutSeconds)
    .argParser(seconds('--response-timeout'));

export const poolSizeFlag = (
  help = 'http-connection-pool-size: at most P connections, kept alive and reused',
) =>
  new Option('--pool-size <p>', help)
    .default(assumptions.connectionPoolSize)
    .argParser(integer('--pool-size', 1));

export const durationFlag = (help: string) =>
  new Option('--duration <s>', help).argParser(seconds('--duration'));

export const concurrencyFlag = (help: string, fallback: number) =>
  new Option('--concurrency <n>', help).default(fallback).argParser(integer('--concurrency', 1));

/**
 * `--handled-count 'CMD'`: a shell command run with CPN_GUID (and the body in CPN_MESSAGE) that prints
 * how many times the receiver handled that notification.
 */
export const handledCountFlag = (help: string) =>
  new Option(
    '--handled-count <command>',
    `a shell command that prints how many times your receiver handled the notification in ` +
      `$CPN_GUID (its body in $CPN_MESSAGE): a SQL count, a log grep, a curl to a debug endpoint; ${help}`,
  );

/** `--header 'Name: value'`, repeatable; the collected list is checked once, as a whole (a header twice is refused). */
export const headerFlag = (help: string) =>
  new Option('--header <header>', help)
    .default([] as string[], 'none')
    .argParser((value: string, previous: string[]) => [...previous, value]);

/** `--redact-header NAME`, repeatable: a header whose value is secret, masked like Authorization. */
export const redactHeaderFlag = () =>
  new Option(
    '--redact-header <name>',
    "a header whose value is secret, masked like Authorization (OCS's http-custom-headers that " +
      'carry a credential; repeatable)',
  )
    .default([] as string[], 'none')
    .argParser((value: string, previous: string[]) => {
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value.trim()))
        throw new UsageError(
          `--redact-header: expected a header name such as X-Tenant-Key, found ${JSON.stringify(value)}`,
        );
      return [...previous, value.trim()];
    });

/** `--record-secrets`: the recording keeps the secrets the reports mask. */
export const recordSecretsFlag = () =>
  new Option(
    '--record-secrets',
    'keep the secret headers (Authorization, Cookie, --redact-header …) and bodies that echo ' +
      'them unmasked in the --record file; the reports and the console still mask them',
  );

/** The `--header` values as custom headers, checked (CR/LF, protected headers, names). */
export const headersFrom = (items: readonly string[]) => parseHeaderList(items, '--header');

/**
 * A report flag's value is a file to write. A value that is itself a flag (`--json --junit r.xml`, or
 * `--json` where it once was a switch) is refused instead of becoming a file named `--junit`.
 */
const reportFile = (flag: string, hint: string) => (value: string) => {
  if (value.startsWith('-')) badOption(flag, `a file for the report${hint}`, value);
  return value;
};

/**
 * `--json FILE` where a command writes a JSON file that is not a check's report (send's summary,
 * validate's verdicts); `hint` says where that command's JSON on standard output went.
 */
export const jsonFileFlag = (help: string, hint = '') =>
  new Option('--json <file>', help).argParser(reportFile('--json', hint));

/** The flag of one report format of the table (`reportFormats`), with its help or `help`. */
export const reportFlag = (name: ReportFormatName, help?: string) => {
  const { flag } = reportFormats[name];
  return new Option(
    `${flag} <file>`,
    help ?? `${reportFormats[name].help} (its folders are created)`,
  ).argParser(reportFile(flag, ''));
};

/**
 * A flag for every report format of the table, and `--no-ci-summary`: what the check commands and
 * the proxy take.
 */
export const addReportFlags = (command: Command): Command =>
  reportFormatNames
    .reduce((c, name) => c.addOption(reportFlag(name)), command)
    .addOption(
      new Option(
        '--no-ci-summary',
        'on GitHub Actions (GITHUB_ACTIONS=true), write no job summary and no ::error annotations',
      ),
    );

/** What `--json` says when it is given a flag on a command that also prints JSON with `--format json`. */
export const FORMAT_JSON_HINT = ' (JSON on standard output: --format json)';

/** `--format text|json`: how a command prints its result on standard output. */
export const formatFlag = (what: string) =>
  new Option('--format <format>', `how ${what} is printed on standard output`)
    .choices(['text', 'json'])
    .default('text');

/**
 * `--no-parent-watch`: by default a command that runs until stopped ends, as on SIGTERM, when the
 * process that started it ends (npx killed by `kill $!`, the CI script's shell exiting).
 */
export const parentWatchFlag = () =>
  new Option(
    '--no-parent-watch',
    'keep running when the process that started this one ends (default: stop and write the ' +
      'reports, as on SIGTERM; npx does not pass kill $! on)',
  );

/** `--body-limit <bytes>`: the largest request body read (a larger one gets 413); receive and proxy. */
export const bodyLimitFlag = (help: string) =>
  new Option('--body-limit <bytes>', help).argParser((value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
      throw new UsageError(
        `--body-limit: expected a positive number of bytes, found ${JSON.stringify(value)}`,
      );
    return Number(value);
  });
