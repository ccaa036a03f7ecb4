import { badOption, described } from '../errors/OptionError.js';

/**
 * Headers a custom header (`http-custom-headers`) may not set: the ones the sender computes from the
 * message and the connection (a wrong value would break the notification or the HTTP framing).
 * `Accept` and `User-Agent` may be overridden; `Authorization` and any other header may be added.
 */
export const PROTECTED_HEADERS: readonly string[] = Object.freeze([
  'host',
  'etag',
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);

const OCS_OPTION = 'http-custom-headers';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Checks custom headers: a name must be an HTTP token, a value may not carry CR, LF or NUL (header
 * injection), and a protected header ({@link PROTECTED_HEADERS}) may not be set. Returns the headers
 * with lower-case names; throws an OptionError naming the header and what was expected.
 */
export function checkCustomHeaders(
  headers: Readonly<Record<string, string>>,
  optionName = 'http-custom-headers',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name))
      badOption(
        optionName,
        "a header name of letters, digits and !#$%&'*+-.^_`|~",
        described(`the header name ${JSON.stringify(name)}`),
        OCS_OPTION,
      );
    if (typeof value !== 'string')
      badOption(
        optionName,
        `a string value for header ${name}`,
        described(`a ${typeof value}`),
        OCS_OPTION,
      );
    if (/[\r\n\0]/.test(value))
      badOption(
        optionName,
        `a single-line value for header ${name}`,
        described('a CR, LF or NUL character in it'),
        OCS_OPTION,
      );
    const lower = name.toLowerCase();
    if (PROTECTED_HEADERS.includes(lower))
      badOption(
        optionName,
        `a header the sender does not set itself (protected: ${PROTECTED_HEADERS.join(', ')})`,
        described(`header ${name}`),
        OCS_OPTION,
      );
    if (lower in out)
      badOption(optionName, 'each header once', described(`header ${name} twice`), OCS_OPTION);
    out[lower] = value.trim();
  }
  return out;
}

/**
 * Parses `http-custom-headers` as an operator writes it: `Name: value` pairs separated by `;` or new
 * lines (the separator is an assumption, see facts.md). Empty pairs are ignored.
 *
 * @example
 * parseCustomHeaders('Authorization: Bearer abc; X-Tenant: 42') // { authorization: 'Bearer abc', 'x-tenant': '42' }
 */
export function parseCustomHeaders(
  text: string,
  optionName = 'http-custom-headers',
): Record<string, string> {
  const pairs = text
    .split(/;|\r?\n/)
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '');
  return parseHeaderList(pairs, optionName, '"Name: value" pairs separated by ";" or new lines');
}

/**
 * Parses headers given one per item, each `Name: value` (the repeatable `--header` flag: a value
 * may contain `;`), then checks them like {@link checkCustomHeaders}.
 */
export function parseHeaderList(
  items: readonly string[],
  optionName: string,
  expected = '"Name: value"',
): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of items) {
    const colon = item.indexOf(':');
    if (colon <= 0) badOption(optionName, expected, item.trim(), OCS_OPTION);
    const name = item.slice(0, colon).trim();
    if (Object.keys(pairs).some((known) => known.toLowerCase() === name.toLowerCase()))
      badOption(optionName, 'each header once', described(`header ${name} twice`), OCS_OPTION);
    pairs[name] = item.slice(colon + 1).trim();
  }
  return checkCustomHeaders(pairs, optionName);
}
