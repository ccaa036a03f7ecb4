import { Option, type Command } from 'commander';
import { redactCredentials } from '../http/redactCredentials.js';
import type { SettingSource } from '../report/Report.js';
import { ocsOptionNames, type OcsOptionName } from '../sender/fromOcsOptions.js';
import { readOcsOptionsFile, type OcsOptionValue } from '../sender/readOcsOptionsFile.js';

/** `--ocs-options FILE`: the operator's OCServer options, under the flags given as well. */
export const ocsOptionsFlag = () =>
  new Option(
    '--ocs-options <file>',
    "the OCServer application's options as the operator has them (`name = value` lines of its " +
      'section, or JSON); a flag given as well wins, and the report says where each value came from',
  );

/** The flag an OCS option stands for: its commander attribute, its name, and the file's value as the flag gives it. */
interface FlagOfOption {
  readonly attribute: string;
  readonly flag: string;
  readonly asFlag: (value: unknown) => unknown;
  /** The value in a few words for the report: never a header's value or a proxy's password. */
  readonly shown: (value: unknown) => string;
}

const plain = (value: unknown) => value;
const asText = (value: unknown) =>
  Array.isArray(value) ? value.join(',') || 'none' : String(value);
const headerNames = (value: unknown) =>
  Array.isArray(value)
    ? value.map((h) => String(h).split(':')[0]!.trim()).join(', ') || 'none'
    : Object.keys(value as object).join(', ') || 'none';

const FLAG_OF: Readonly<Record<OcsOptionName, FlagOfOption>> = {
  'contact-processed-notification': {
    attribute: 'enabled',
    flag: '',
    asFlag: plain,
    shown: asText,
  },
  'contact-processed-notification-uri': {
    attribute: 'uri',
    flag: '--uri',
    asFlag: plain,
    shown: (v) => redactCredentials(String(v)),
  },
  'http-retry-applies-to': {
    attribute: 'retryAppliesTo',
    flag: '--retry-applies-to',
    asFlag: plain,
    shown: asText,
  },
  'http-retry-max-attempts': {
    attribute: 'retryMaxAttempts',
    flag: '--retry-max-attempts',
    asFlag: plain,
    shown: asText,
  },
  'http-connection-pool-size': {
    attribute: 'poolSize',
    flag: '--pool-size',
    asFlag: plain,
    shown: asText,
  },
  'http-custom-headers': {
    attribute: 'header',
    flag: '--header',
    asFlag: (v) =>
      Object.entries(v as Record<string, string>).map(([n, value]) => `${n}: ${value}`),
    shown: headerNames,
  },
  'http-proxy': {
    attribute: 'proxy',
    flag: '--proxy',
    asFlag: plain,
    shown: (v) => redactCredentials(String(v)),
  },
  'http-response-timeout': {
    attribute: 'responseTimeout',
    flag: '--response-timeout',
    asFlag: plain,
    shown: (v) => `${String(v)} s`,
  },
};

/** One OCS option: the value the command runs with, and where it came from. */
function settle(
  command: Command,
  name: OcsOptionName,
  given: OcsOptionValue | undefined,
  merged: Record<string, unknown>,
): SettingSource | undefined {
  const { attribute, flag, asFlag, shown } = FLAG_OF[name];
  const taken = command.options.some((option) => option.attributeName() === attribute);
  if (!taken)
    return (
      given && {
        option: name,
        value: given.text,
        from: `${given.at}; not used by ${command.name()}`,
        origin: 'unused',
      }
    );
  if (command.getOptionValueSource(attribute) === 'cli') {
    const from = given ? `${flag}, over ${given.at}` : flag;
    return { option: name, value: shown(merged[attribute]), from, origin: 'flag' };
  }
  if (given === undefined) {
    const value = merged[attribute];
    return value === undefined
      ? undefined
      : { option: name, value: shown(value), from: 'default', origin: 'default' };
  }
  merged[attribute] = asFlag(given.value);
  return { option: name, value: shown(merged[attribute]), from: given.at, origin: 'file' };
}

/**
 * The command's flags with the operator's options file (`--ocs-options`) under them: an option the
 * file gives sets its flag unless the flag was given on the command line. Returns the flags and, when
 * a file was given, where each OCS setting came from (for the report); the file's every problem is
 * one OptionError, before anything starts.
 */
export async function applyOcsOptions<T extends { readonly ocsOptions?: string }>(
  command: Command,
  flags: T,
): Promise<{ readonly flags: T; readonly settings: readonly SettingSource[] }> {
  if (flags.ocsOptions === undefined) return { flags, settings: [] };
  const read = await readOcsOptionsFile(flags.ocsOptions);
  const merged: Record<string, unknown> = { ...flags };
  const settings = ocsOptionNames.flatMap(
    (name) => settle(command, name, read[name], merged) ?? [],
  );
  return { flags: merged as T, settings };
}
