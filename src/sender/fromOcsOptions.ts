import { createSender, type Sender, type SenderOptions } from './createSender.js';
import {
  OCS_OPTIONS,
  ocsOptionKeys,
  optionOfOcsName,
  type TableOcsName,
} from '../ocs/ocsOptionTable.js';
import { assumptions } from '../assumptions.js';
import { IssueCollector } from '../errors/IssueCollector.js';
import { badOption, described } from '../errors/OptionError.js';

/** The one OCS option read only from an options file: no flag sets it, so the table has none. */
const ENABLED = 'contact-processed-notification';

/** An OCS option name: `contact-processed-notification` or one of the table's. */
export type OcsOptionName = typeof ENABLED | TableOcsName;

/** The eight OCS option names (section `OCServer`) that {@link senderOptionsFromOcs} reads, in order. */
export const ocsOptionNames: readonly OcsOptionName[] = Object.freeze([
  ENABLED,
  ...ocsOptionKeys.map((key) => OCS_OPTIONS[key].ocs),
]);

/**
 * Turns OCS options as an operator writes them (option name → string) into {@link SenderOptions}.
 * Every value is checked first; when any is wrong, one Error lists every bad option with its expected
 * form and nothing is built. Unknown option names are refused too (a typo must not be ignored).
 * Assumed syntaxes (facts.md): booleans `true`/`false` (also yes/no, 1/0), `http-retry-applies-to` a
 * comma- or space-separated list of connection-failure, timeout, 3xx, 4xx, 5xx (also `none`),
 * `http-custom-headers` `Name: value` pairs separated by `;` or new lines, timeout in seconds.
 *
 * @example
 * const options = senderOptionsFromOcs({ 'contact-processed-notification': 'true',
 * 'contact-processed-notification-uri': 'https://crm.example.com/ocs', 'http-retry-max-attempts':
 * '3' });
 */
export function senderOptionsFromOcs(record: Readonly<Record<string, string>>): SenderOptions {
  const issues = new IssueCollector();
  const options: { -readonly [K in keyof SenderOptions]: SenderOptions[K] } = { uri: '' };
  const expected = `an OCS notification option (one of ${ocsOptionNames.join(', ')})`;
  for (const name of Object.keys(record).filter(
    (n) => !(ocsOptionNames as readonly string[]).includes(n),
  ))
    issues.check(() => badOption(name, expected, described('an unknown option')));
  for (const name of ocsOptionNames) {
    const value: unknown = record[name];
    if (value !== undefined && typeof value !== 'string')
      issues.check(() => badOption(name, 'a string value', described(`a ${typeof value}`)));
    if (typeof value !== 'string' || value.trim() === '') continue;
    const { option, parse } = parserOf(name);
    const parsed = issues.check(() => parse(value.trim()));
    if (parsed !== undefined) Object.assign(options, { [option]: parsed });
  }
  if (options.uri === '' && !issues.issues.some((i) => i.option === OCS_OPTIONS.uri.ocs)) {
    const required = described('nothing (the option is required)');
    issues.check(() => badOption(OCS_OPTIONS.uri.ocs, URL_EXPECTED, required));
  }
  options.enabled ??= assumptions.notificationsEnabled;
  issues.throwIfAny('invalid OCS options');
  return options;
}

const URL_EXPECTED = 'an absolute http:// or https:// URL';

/** How one OCS option is read: the sender option it sets and its parser (which names the OCS option when it refuses). */
interface OcsOptionParser {
  readonly option: keyof SenderOptions;
  readonly parse: (value: string) => unknown;
}

/** An OCS option's parser: the table's (the one its flag uses too), naming the OCS option. */
function parserOf(name: OcsOptionName): OcsOptionParser {
  const key = optionOfOcsName(name);
  if (key === undefined) return { option: 'enabled', parse: parseEnabled };
  return { option: key, parse: (value) => OCS_OPTIONS[key].parse(name, value) };
}

/**
 * One OCS option's value as an operator writes it, read as the sender takes it (seconds, a list of
 * retry conditions, headers, …); an OptionError naming the OCS option when it is refused.
 */
export function parseOcsOption(name: OcsOptionName, value: string): unknown {
  return parserOf(name).parse(value.trim());
}

/** `contact-processed-notification`: true or false (also yes/no, 1/0). */
function parseEnabled(value: string): boolean {
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  return badOption(ENABLED, 'true or false', value);
}

/**
 * Creates the reference sender from OCS options as an operator writes them; see
 * {@link senderOptionsFromOcs}. OCS's own default applies: without `contact-processed-notification: true`
 * the sender is disabled and sends nothing.
 *
 * @example
 * const sender = fromOcsOptions({ 'contact-processed-notification': 'true',
 * 'contact-processed-notification-uri': 'http://127.0.0.1:8080/ocs', 'http-response-timeout': '5'
 * });
 */
export function fromOcsOptions(
  record: Readonly<Record<string, string>>,
  extra: Partial<Pick<SenderOptions, 'ca' | 'userAgent' | 'retryBackoff'>> = {},
): Sender {
  return createSender({ ...senderOptionsFromOcs(record), ...extra });
}
