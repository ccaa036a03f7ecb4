/** Headers that carry a credential by definition (RFC 9110 §11, RFC 6265). */
export const CREDENTIAL_HEADER_NAMES = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
] as const;
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(CREDENTIAL_HEADER_NAMES);

/** The words of {@link CREDENTIAL_WORD}, as regular-expression sources. */
export const CREDENTIAL_WORDS: readonly string[] = [
  ...['auth', 'token', 'secret', 'password', 'passwd', 'pwd', 'passphrase', 'api[-_]?key'],
  ...['apikey', 'key', 'session', 'sessionid', 'sid', 'credentials?', 'signature', 'jwt'],
  ...['bearer', 'cookie'],
];

/**
 * A word of a header's name (between `-`, `_` or `.`) that says it carries a credential: `X-Api-Key`,
 * `X-Auth-Token`, `Ocp-Apim-Subscription-Key`, `X-Amz-Security-Token`, `X-Hub-Signature-256`,
 * `X-Session-Id`, `Private-Token`, `X-Client-Secret`. `WWW-Authenticate` and `Proxy-Authenticate`
 * carry a challenge, not a credential, and are not matched (a credential echoed in them is masked
 * as a known value, like anywhere else).
 */
const CREDENTIAL_WORD = new RegExp(`(?:^|[-_.])(?:${CREDENTIAL_WORDS.join('|')})(?:$|[-_.])`, 'i');

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
