import { SecretMask } from '../../http/SecretMask.js';

/**
 * What check-receiver keeps out of its report and of what it publishes: the values of the static
 * headers it sends (`--header`, usually a token), wherever the receiver echoes them (an answer's
 * header or body, a summary quoting it), and the password and secret query values of the
 * receiver's URL (a URL that does not parse adds nothing: it is refused before anything is sent).
 */
export function secretMask(url: string, headers: Readonly<Record<string, string>>): SecretMask {
  const mask = new SecretMask({ headers: Object.keys(headers), values: Object.values(headers) });
  if (URL.canParse(url)) mask.addUrl(new URL(url));
  return mask;
}
