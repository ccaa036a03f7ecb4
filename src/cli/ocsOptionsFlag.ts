import { Option, type Command } from 'commander';
import { redactCredentials } from '../http/redactCredentials.js';
import { optionOfOcsName, type OcsOptionKey } from '../ocs/ocsOptionTable.js';
import type { SettingSource } from '../report/Report.js';
import { ocsOptionNames, type OcsOptionName } from '../sender/fromOcsOptions.js';
import { flagOf, ocsFlag } from './flags.js';
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

/** How the report shows each option of the table, and how the file's value becomes its flag's. */
const SHOWN: Readonly<Record<OcsOptionKey, Pick<FlagOfOption, 'asFlag' | 'shown'>>> = {
  uri: { asFlag: plain, shown: (v) => redactCredentials(String(v)) },
  retryAppliesTo: { asFlag: plain, shown: asText },
  retryMaxAttempts: { asFlag: plain, shown: asText },
  connectionPoolSize: { asFlag: plain, shown: asText },
  customHeaders: {
    asFlag: (v) =>
      Object.entries(v as Record<string, string>).map(([n, value]) => `${n}: ${value}`),
    shown: headerNames,
  },
  proxy: { asFlag: plain, shown: (v) => redactCredentials(String(v)) },
  responseTimeout: { asFlag: plain, shown: (v) => `${String(v)} s` },
};

/** `contact-processed-notification`, which no flag sets. */
const ENABLED: FlagOfOption = { attribute: 'enabled', flag: '', asFlag: plain, shown: asText };

/** The flag an OCS option stands for: the table's, under the attribute commander gives it. */
function flagOfOption(name: OcsOptionName): FlagOfOption {
  const key = optionOfOcsName(name);
  if (key === undefined) return ENABLED;
  return { attribute: ocsFlag(key).attributeName(), flag: flagOf(key), ...SHOWN[key] };
}

/** One OCS option: the value the command runs with, and where it came from. */
function settle(
  command: Command,
  name: OcsOptionName,
  given: OcsOptionValue | undefined,
  merged: Record<string, unknown>,
): SettingSource | undefined {
  const { attribute, flag, asFlag, shown } = flagOfOption(name);
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
