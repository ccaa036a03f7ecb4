import { createSender, type Sender, type SenderOptions } from './createSender.js';
import { parseCustomHeaders } from './customHeaders.js';
import { parseOptionValue } from './parseOptionValue.js';
import { OCS_DEFAULT_ENABLED } from './senderDefaults.js';

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

function problem(option: string, expected: string, found: string): string {
  return `${option}: expected ${expected}, found ${JSON.stringify(found)}`;
}

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
  const problems: string[] = [];
  const known = new Set<string>(ocsOptionNames);
  for (const name of Object.keys(record)) if (!known.has(name)) problems.push(`${name}: not an OCS notification option (expected one of ${ocsOptionNames.join(', ')})`);
  const get = (name: OcsOptionName): string | undefined => {
    const v = record[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      problems.push(`${name}: expected a string value, found ${typeof v}`);
      return undefined;
    }
    return v.trim();
  };
  const options: { -readonly [K in keyof SenderOptions]: SenderOptions[K] } = { uri: '' };

  const enabled = get('contact-processed-notification');
  if (enabled === undefined || enabled === '') options.enabled = OCS_DEFAULT_ENABLED;
  else if (/^(true|yes|1)$/i.test(enabled)) options.enabled = true;
  else if (/^(false|no|0)$/i.test(enabled)) options.enabled = false;
  else problems.push(problem('contact-processed-notification', 'true or false', enabled));

  const uri = get('contact-processed-notification-uri');
  if (uri === undefined || uri === '') problems.push('contact-processed-notification-uri: expected an absolute http:// or https:// URL, found nothing (the option is required)');
  else if (!/^https?:\/\/[^\s/]/i.test(uri) || !URL.canParse(uri)) problems.push(problem('contact-processed-notification-uri', 'an absolute http:// or https:// URL', uri));
  else options.uri = uri;

  /** Parses a present, non-empty option with a shared parser; a refusal becomes a listed problem. */
  const parsed = <T>(name: OcsOptionName, parse: (value: string) => T): T | undefined => {
    const value = get(name);
    if (value === undefined || value === '') return undefined;
    try {
      return parse(value);
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  };
  const appliesTo = parsed('http-retry-applies-to', (v) => parseOptionValue.retryAppliesTo('http-retry-applies-to', v));
  if (appliesTo !== undefined) options.retryAppliesTo = appliesTo;

  const integer = (name: OcsOptionName, min: number) => parsed(name, (v) => parseOptionValue.integer(name, v, min));
  const max = integer('http-retry-max-attempts', 0);
  if (max !== undefined) options.retryMaxAttempts = max;
  const pool = integer('http-connection-pool-size', 1);
  if (pool !== undefined) options.connectionPoolSize = pool;

  const headers = parsed('http-custom-headers', (v) => parseCustomHeaders(v));
  if (headers !== undefined) options.customHeaders = headers;

  const proxy = parsed('http-proxy', (v) => {
    parseOptionValue.proxyUrl('http-proxy', v);
    return v;
  });
  if (proxy !== undefined) options.proxy = proxy;

  const timeout = parsed('http-response-timeout', (v) => parseOptionValue.seconds('http-response-timeout', v));
  if (timeout !== undefined) options.responseTimeout = timeout;

  if (problems.length > 0) throw new Error(`invalid OCS options:\n  ${problems.join('\n  ')}`);
  return options;
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
