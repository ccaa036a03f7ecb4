import { badOption } from '../errors/OptionError.js';
import { parseHttpUrl } from './parseHttpUrl.js';
import { redactCredentials } from './redactCredentials.js';

/** An HTTP proxy, `http://[user:pass@]host:port`; the error never shows the credentials. */
export function parseProxyUrl(value: string, option: string, ocsOption?: string): URL {
  const expected = 'http://[user:pass@]host:port';
  let url: URL;
  try {
    url = parseHttpUrl(value, option, { protocols: ['http:'] });
  } catch {
    badOption(option, expected, redactCredentials(value), ocsOption);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '')
    badOption(option, expected, redactCredentials(value), ocsOption);
  return url;
}
