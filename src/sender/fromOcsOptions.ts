import { createSender, type Sender, type SenderOptions } from './createSender.js';
import { parseCustomHeaders } from './customHeaders.js';
import { parseOptionValue } from './parseOptionValue.js';
import { assumptions } from '../assumptions.js';
import { IssueCollector } from '../errors/IssueCollector.js';
import { badOption, described } from '../errors/OptionError.js';
import { parseHttpUrl } from '../http/parseHttpUrl.js';

/** The eight OCS option names (section `OCServer`) that {@link senderOptionsFromOcs} reads. */
export const ocsOptionNames = [
  'contact-processed-notification',
  'contact-processed-notification-uri',
  'http-retry-applies-to',
  'http-retry-max-attempts',
  'http-connection-pool-size',
  'http-custom-headers',
  'http-proxy',
  'http-response-timeout',
] as const;

/** An OCS option name. */
export type OcsOptionName = (typeof ocsOptionNames)[number];

/**
 * Turns OCS options as an operator writes them (option name → string) into {@link SenderOptions}.
 * Every value is checked first; when any is wrong, one Error lists every bad option with its expected
 * form and nothing is built. Unknown option names are refused too (a typo must not be ignored).
 * Assumed syntaxes (facts.md): booleans `true`/`false` (also yes/no, 1/0), `http-retry-applies-to` a
 * comma- or space-separated list of connection-failure, timeout, 3xx, 4xx, 5xx (also `none`),
 * `http-custom-headers` `Name: value` pairs separated by `;` or new lines, timeout in seconds.
 *
 * @example
 * const options = senderOptionsFromOcs({ 'contact-processed-notification': 'true', 'contact-processed-notification-uri': 'https://crm.example.com/ocs', 'http-retry-max-attempts': '3' });
 */
export function senderOptionsFromOcs(record: Readonly<Record<string, string>>): SenderOptions {
  const issues = new IssueCollector();
  const known = new Set<string>(ocsOptionNames);
  for (const name of Object.keys(record)) if (!known.has(name)) issues.check(() => badOption(name, `an OCS notification option (one of ${ocsOptionNames.join(', ')})`, described('an unknown option')));
  const get = (name: OcsOptionName): string | undefined => {
    const value: unknown = record[name];
    if (value !== undefined && typeof value !== 'string') issues.check(() => badOption(name, 'a string value', described(`a ${typeof value}`)));
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  /** Parses a present option with a shared parser; its refusal is collected with the others. */
  const parsed = <T>(name: OcsOptionName, parse: (value: string) => T): T | undefined => {
    const value = get(name);
    return value === undefined ? undefined : issues.check(() => parse(value));
  };
  const options: { -readonly [K in keyof SenderOptions]: SenderOptions[K] } = { uri: '' };
  options.enabled = parsed('contact-processed-notification', parseEnabled) ?? assumptions.notificationsEnabled;
  const uri = get('contact-processed-notification-uri');
  if (uri === undefined) issues.check(() => badOption('contact-processed-notification-uri', 'an absolute http:// or https:// URL', described('nothing (the option is required)')));
  else if (issues.check(() => parseHttpUrl(uri, 'contact-processed-notification-uri')) !== undefined) options.uri = uri;
  const set = <K extends keyof SenderOptions>(key: K, value: SenderOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('retryAppliesTo', parsed('http-retry-applies-to', (v) => parseOptionValue.retryAppliesTo('http-retry-applies-to', v)));
  set('retryMaxAttempts', parsed('http-retry-max-attempts', (v) => parseOptionValue.integer('http-retry-max-attempts', v, 0)));
  set('connectionPoolSize', parsed('http-connection-pool-size', (v) => parseOptionValue.integer('http-connection-pool-size', v, 1)));
  set('customHeaders', parsed('http-custom-headers', (v) => parseCustomHeaders(v)));
  set('proxy', parsed('http-proxy', (v) => parseOptionValue.proxyUrl('http-proxy', v) && v));
  set('responseTimeout', parsed('http-response-timeout', (v) => parseOptionValue.seconds('http-response-timeout', v)));
  issues.throwIfAny('invalid OCS options');
  return options;
}

/** `contact-processed-notification`: true or false (also yes/no, 1/0). */
function parseEnabled(value: string): boolean {
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  return badOption('contact-processed-notification', 'true or false', value);
}

/**
 * Creates the reference sender from OCS options as an operator writes them; see
 * {@link senderOptionsFromOcs}. OCS's own default applies: without `contact-processed-notification: true`
 * the sender is disabled and sends nothing.
 *
 * @example
 * const sender = fromOcsOptions({ 'contact-processed-notification': 'true', 'contact-processed-notification-uri': 'http://127.0.0.1:8080/ocs', 'http-response-timeout': '5' });
 */
export function fromOcsOptions(record: Readonly<Record<string, string>>, extra: Partial<Pick<SenderOptions, 'ca' | 'userAgent' | 'retryBackoff'>> = {}): Sender {
  return createSender({ ...senderOptionsFromOcs(record), ...extra });
}
