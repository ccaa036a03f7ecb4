import { Option, type Command } from 'commander';
import {
  reportFormatNames,
  reportFormats,
  type ReportFormatName,
} from '../report/reportFormats.js';
import {
  OCS_OPTIONS,
  ocsOptionKeys,
  type OcsOption,
  type OcsOptionKey,
} from '../ocs/ocsOptionTable.js';
import { parseOptionValue } from '../ocs/parseOptionValue.js';
import { parseHeaderList } from '../ocs/customHeaders.js';
import { UsageError } from '../errors/UsageError.js';
import { badOption } from '../errors/OptionError.js';

/**
 * The flags several commands share, each declared once. An OCS option's flag is built from its entry
 * of `OCS_OPTIONS`: its name, its help, its parser (the one the options file uses too, so a value is
 * refused with the same words everywhere, naming the flag) and its default (from `assumptions`). A
 * refusal is an OptionError, which the CLI prints and exits 2 on.
 */

/** The flag of an OCS option of the table (`--retry-max-attempts`). */
export const flagOf = (key: OcsOptionKey): string => OCS_OPTIONS[key].flag;

/**
 * The API options the other flags set, for naming the flag when the API refuses a value; an option
 * of the table may not be named here (its flag is the table's).
 */
const OTHER_FLAG_FOR_OPTION = {
  largestNotificationBytes: '--largest-notification',
  headers: flagOf('customHeaders'),
  userAgent: '--user-agent',
  ca: '--ca',
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
  'explore.connectionPoolSize': flagOf('connectionPoolSize'),
  handledCount: '--handled-count',
  copies: '--copies',
} satisfies Record<string, string> & { readonly [K in OcsOptionKey]?: never };

/**
 * The flag of each API option, for naming the flag when the API refuses a value: every OCS option's
 * from the table, the others' by hand.
 */
export const FLAG_FOR_OPTION: Readonly<Record<string, string>> = Object.freeze({
  ...Object.fromEntries(ocsOptionKeys.map((key) => [key, flagOf(key)])),
  ...OTHER_FLAG_FOR_OPTION,
});

/** A parser of a whole-number flag, at least `min`. */
export const integer = (flag: string, min: number) => (value: string) =>
  parseOptionValue.integer(flag, value, min);
/** A parser of a number-of-seconds flag, greater than 0. */
export const seconds = (flag: string) => (value: string) => parseOptionValue.seconds(flag, value);

/** A copy of a default that is a list, so that no command shares (or freezes) another's. */
const copied = (value: unknown): unknown =>
  Array.isArray(value) ? [...(value as readonly unknown[])] : value;

/**
 * The flag of an OCS option of the table, with its help or `help`: parsed at once, repeated (one
 * item each time, `[]` by default) or taken as text, as its entry says.
 */
export function ocsFlag(key: OcsOptionKey, help?: string): Option {
  const entry: OcsOption<unknown> = OCS_OPTIONS[key];
  const option = new Option(`${entry.flag} ${entry.placeholder}`, help ?? entry.help);
  if (entry.takes === 'repeated')
    return option
      .default([] as string[], 'none')
      .argParser((value: string, previous: string[]) => [...previous, value]);
  if (entry.default !== undefined) option.default(copied(entry.default), entry.defaultShown);
  if (entry.takes === 'text') return option;
  return option.argParser((value: string) => entry.parse(entry.flag, value));
}

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
export const headersFrom = (items: readonly string[]) =>
  parseHeaderList(items, flagOf('customHeaders'));

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
