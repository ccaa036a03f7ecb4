import { PROTECTED_HEADERS } from './senderDefaults.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Checks custom headers: a name must be an HTTP token, a value may not carry CR, LF or NUL (header
 * injection), and a protected header ({@link PROTECTED_HEADERS}) may not be set. Returns the headers
 * with lower-case names; throws an Error naming the header and what was expected.
 */
export function checkCustomHeaders(headers: Readonly<Record<string, string>>, optionName = 'http-custom-headers'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new Error(`${optionName}: header name ${JSON.stringify(name)} is not a valid HTTP header name (expected letters, digits and !#$%&'*+-.^_\`|~)`);
    if (typeof value !== 'string') throw new Error(`${optionName}: header ${name} must have a string value, found ${typeof value}`);
    if (/[\r\n\0]/.test(value)) throw new Error(`${optionName}: header ${name} carries a CR, LF or NUL character; expected a single-line value`);
    const lower = name.toLowerCase();
    if (PROTECTED_HEADERS.includes(lower)) throw new Error(`${optionName}: header ${name} is set by the sender and cannot be overridden (protected: ${PROTECTED_HEADERS.join(', ')})`);
    if (lower in out) throw new Error(`${optionName}: header ${name} is given twice`);
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
export function parseCustomHeaders(text: string, optionName = 'http-custom-headers'): Record<string, string> {
  const pairs = text.split(/;|\r?\n/).map((pair) => pair.trim()).filter((pair) => pair !== '');
  return parseHeaderList(pairs, optionName, 'expected "Name: value" pairs separated by ";" or new lines');
}

/**
 * Parses headers given one per item, each `Name: value` (the repeatable `--header` flag: a value
 * may contain `;`), then checks them like {@link checkCustomHeaders}.
 */
export function parseHeaderList(items: readonly string[], optionName: string, expected = 'expected "Name: value"'): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of items) {
    const colon = item.indexOf(':');
    if (colon <= 0) throw new Error(`${optionName}: ${JSON.stringify(item.trim())} is not a header; ${expected}`);
    const name = item.slice(0, colon).trim();
    if (Object.keys(pairs).some((known) => known.toLowerCase() === name.toLowerCase())) throw new Error(`${optionName}: header ${name} is given twice`);
    pairs[name] = item.slice(colon + 1).trim();
  }
  return checkCustomHeaders(pairs, optionName);
}
