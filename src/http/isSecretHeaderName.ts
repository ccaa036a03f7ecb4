/** Headers that carry a credential by definition (RFC 9110 §11, RFC 6265). */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/**
 * A word of a header's name (between `-`, `_` or `.`) that says it carries a credential: `X-Api-Key`,
 * `X-Auth-Token`, `Ocp-Apim-Subscription-Key`, `X-Amz-Security-Token`, `X-Hub-Signature-256`,
 * `X-Session-Id`, `Private-Token`, `X-Client-Secret`. `WWW-Authenticate` and `Proxy-Authenticate`
 * carry a challenge, not a credential, and are not matched (a credential echoed in them is masked
 * as a known value, like anywhere else).
 */
const CREDENTIAL_WORD =
  /(?:^|[-_.])(?:auth|token|secret|password|passwd|pwd|passphrase|api[-_]?key|apikey|key|session|sessionid|sid|credentials?|signature|jwt|bearer|cookie)(?:$|[-_.])/i;

/**
 * Whether a header's value is a secret, by the header's name alone: the credential headers
 * (`Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`) and any name with a word that says
 * it holds a credential ({@link CREDENTIAL_WORD}: `X-Api-Key`, `X-Auth-Token`, …).
 *
 * @example
 * isSecretHeaderName('X-Api-Key') // true
 * isSecretHeaderName('WWW-Authenticate') // false
 */
export function isSecretHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return CREDENTIAL_HEADERS.has(lower) || CREDENTIAL_WORD.test(lower);
}
