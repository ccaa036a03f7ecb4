import { badOption } from '../errors/OptionError.js';
import { redactCredentials } from './redactCredentials.js';

/**
 * The one URL parser of the kit: an absolute `http://` or `https://` URL, or an {@link OptionError}
 * naming the option (its credentials never printed). `credentials: false` refuses `user:pass@`.
 */
export function parseHttpUrl(
  text: unknown,
  option: string,
  rules: {
    readonly credentials?: boolean;
    readonly ocsOption?: string;
    readonly protocols?: readonly string[];
  } = {},
): URL {
  const protocols = rules.protocols ?? ['http:', 'https:'];
  const expected = `an absolute ${protocols.map((p) => `${p}//`).join(' or ')} URL`;
  const shown = typeof text === 'string' ? redactCredentials(text) : text;
  let url: URL | undefined;
  try {
    url = typeof text === 'string' ? new URL(text) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || !protocols.includes(url.protocol) || url.hostname === '')
    badOption(option, expected, shown, rules.ocsOption);
  if (rules.credentials === false && (url.username !== '' || url.password !== ''))
    badOption(
      option,
      `${expected} without credentials (use a header for authentication)`,
      shown,
      rules.ocsOption,
    );
  return url;
}
