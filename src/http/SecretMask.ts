import { createHmac, randomBytes } from 'node:crypto';
import {
  CREDENTIAL_HEADER_NAMES,
  CREDENTIAL_WORDS,
  isSecretHeaderName,
} from './isSecretHeaderName.js';
import { redactCredentials } from './redactCredentials.js';
import { regexLiteral } from '../util/regexLiteral.js';

/** Options of a {@link SecretMask}. */
export interface SecretMaskOptions {
  /** More header names whose values are secret (`--redact-header`), in any case. */
  readonly headers?: readonly string[];
  /** Values that are secret wherever they appear: the custom headers' values (`--header`). */
  readonly values?: readonly string[];
}

/** A value shorter than this is masked where it is a secret header's value, not searched for elsewhere. */
export const SEARCHED_MIN_LENGTH = 6;
/** How many values learned from the wire are searched for (the most recent; given ones always are). */
export const LEARNED_MAX = 64;

/** The fingerprints' key: random for each process, so a fingerprint cannot be checked against a guess. */
const KEY = randomBytes(32);

/** Authentication schemes, shown before a masked credential (`Bearer *** (3f2a9c1b)`): they are no secret. */
const SCHEMES = new Set([
  ...['basic', 'bearer', 'digest', 'token', 'negotiate', 'ntlm', 'oauth', 'apikey', 'api-key'],
  ...['key', 'sharedkey', 'hmac', 'dpop', 'mac', 'ssws', 'jwt', 'aws4-hmac-sha256'],
]);

/** A value as `Scheme credential`, when it starts with a known authentication scheme. */
function schemeOf(value: string): { scheme: string; credential: string } | undefined {
  const match = /^([A-Za-z][A-Za-z0-9-]*) +(\S[^]*)$/.exec(value);
  if (match === null || !SCHEMES.has(match[1]!.toLowerCase())) return undefined;
  return { scheme: match[1]!, credential: match[2]! };
}

/** Whether a text is already a mask (`***`, or `*** (3f2a9c1b)`): masking it again changes nothing. */
const isMask = (text: string) => /^\*\*\*(?: \([0-9a-f]{8}\))?$/.test(text);

/** The parts of a secret header's value that are secret: each cookie's value, a credential, the value. */
function secretParts(name: string, value: string): string[] {
  const lower = name.toLowerCase();
  if (lower === 'cookie')
    return value.split(';').map((pair) => pair.slice(pair.indexOf('=') + 1).trim());
  if (lower === 'set-cookie') {
    const first = value.split(';')[0]!;
    return [first.slice(first.indexOf('=') + 1).trim()];
  }
  const scheme = schemeOf(value);
  return scheme === undefined ? [value] : [scheme.credential];
}

/** A value as it appears in text: as it is, and percent-encoded (in a URL). */
function formsOf(value: string): string[] {
  try {
    const encoded = encodeURIComponent(value);
    return encoded === value ? [value] : [value, encoded];
  } catch {
    return [value]; // a lone surrogate: it has no encoded form
  }
}

/** Query parameters that carry a credential besides those named like a secret header (`?code=`, `?sig=`). */
const SECRET_QUERY_NAMES = ['code', 'sig', 'signature', 'key', 'access_token', 'auth', 'pass'];
const SECRET_QUERY = new RegExp(`^(?:${SECRET_QUERY_NAMES.join('|')})$`, 'i');

/**
 * A header or a setting written out in a text, `Name: value` or `name=value` (quoted or not): a curl
 * command's `-H 'Authorization: Bearer …'`, a JSON body's `"token":"…"`, a command line's
 * `--password=…`. The value is a scheme and one word, up to a space, a quote, `,`, `;` or `&`.
 */
const NAMED_VALUE =
  /(["']?)\b([A-Za-z][A-Za-z0-9_.-]*)\1[ \t]*[:=][ \t]*["']?((?:[A-Za-z][A-Za-z0-9-]* +)?[^\s'"\\,;&]+)/g;

/**
 * Whether a text may name a secret at all: every name {@link NAMED_VALUE} or {@link QUERY_PARAMETER}
 * can mask a value under is a credential header's name, holds a {@link CREDENTIAL_WORDS} word, is a
 * {@link SECRET_QUERY} name or one of the names given, and is followed by `:` or `=`. A text without
 * such a name is searched for no named value at all (a live line's `PASS …` is not a `pass=`).
 */
const mayNameSecret = (given: Iterable<string>) => {
  const names = [...CREDENTIAL_HEADER_NAMES, ...SECRET_QUERY_NAMES, ...given].map(regexLiteral);
  const any = [...CREDENTIAL_WORDS, ...names].join('|');
  return new RegExp(`(?:${any})[A-Za-z0-9_.-]*["']?[ \\t]*[:=]`, 'i');
};

/** A query parameter in a URL within a text: `?api_key=…` or `&code=…`. */
const QUERY_PARAMETER = /[?&]([A-Za-z0-9_.-]+)=([^&#\s"'<>]*)/g;

/**
 * The one rule for what is secret in what the kit prints, writes and answers, and how it is masked:
 *
 * - **headers by name**: `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`, any name
 *   with a credential word (`X-Api-Key`, `X-Auth-Token`, …: {@link isSecretHeaderName}), and the
 *   names given (`--redact-header`). Their values are masked; an authentication scheme stays
 *   (`Bearer *** (3f2a9c1b)`), as do cookie names.
 * - **values**: the values given (a custom header's), and every secret header's value seen on the
 *   wire (learned as it passes): masked wherever they appear — an answer that echoes a token, a
 *   body, a summary, a curl command. Values shorter than {@link SEARCHED_MIN_LENGTH} are masked
 *   where they are a header's value only; at most {@link LEARNED_MAX} learned values are searched.
 * - **written out**: a secret header or setting written in a text (`-H 'Authorization: Bearer …'`,
 *   `"token":"…"`, `--password=…`) has its value masked.
 * - **URLs**: `user:password@` is always masked (`http://***@host/`), and so is a query parameter
 *   named like a credential (`?api_key=`, `?token=`, `?code=`, `?sig=`) in any URL; a URL given with
 *   {@link SecretMask.addUrl} has its password and secret query values masked wherever they appear.
 *
 * A mask says what was there without revealing it: `***` and 8 hex digits of an HMAC-SHA256 of the
 * value under a key drawn at random for each process. Two values of one run can be told apart, and
 * the same value on two lines recognised; the fingerprint cannot be checked against a guess, nor
 * compared between runs.
 */
export class SecretMask {
  readonly #names: ReadonlySet<string>;
  readonly #given = new Set<string>();
  readonly #learned = new Map<string, true>();
  #searched: readonly string[] | undefined;
  readonly #masks = new Map<string, string>();
  /** Header names already judged (a run sees the same few again and again). */
  readonly #byName = new Map<string, boolean>();
  /** The last value learned of each secret header, while every value learned is still searched. */
  readonly #lastSeen = new Map<string, string>();
  /** Secret headers' values as shown masked, by name and value. */
  readonly #shownHeaders = new Map<string, string>();
  /** Whether a text may name a secret at all (see {@link mayNameSecret}). */
  readonly #mayName: RegExp;

  constructor(options: SecretMaskOptions = {}) {
    this.#names = new Set((options.headers ?? []).map((name) => name.trim().toLowerCase()));
    this.#mayName = mayNameSecret([...this.#names].filter(Boolean));
    for (const value of options.values ?? []) this.addValue(value);
  }

  /** Whether a header's value is secret: by its name, or because its name was given. */
  isSecretHeader(name: string): boolean {
    let secret = this.#byName.get(name);
    if (secret === undefined) {
      secret = this.#names.has(name.toLowerCase()) || isSecretHeaderName(name);
      if (this.#byName.size >= 1024) {
        this.#byName.clear();
        this.#lastSeen.clear();
      }
      this.#byName.set(name, secret);
    }
    return secret;
  }

  /** A value that is secret wherever it appears (and its credential, without the scheme). */
  addValue(value: string): void {
    for (const part of new Set([value, ...secretParts('', value)])) this.#know(part, false);
  }

  /** A URL given to the kit: its password and its secret query parameters' values are secret. */
  addUrl(url: URL): void {
    if (url.password !== '') this.addValue(url.password);
    for (const [name, value] of url.searchParams)
      if (this.isSecretHeader(name) || SECRET_QUERY.test(name)) this.addValue(value);
  }

  /** Learns the values of the secret headers among these, to mask them wherever they appear. */
  learn(headers: Readonly<Record<string, string>> | undefined): void {
    if (headers === undefined) return;
    for (const name in headers) {
      const value = headers[name];
      if (typeof value !== 'string' || !this.isSecretHeader(name)) continue;
      // The same token on every request: known already, unless forgotten since (then this is cleared).
      if (this.#lastSeen.get(name) === value) continue;
      for (const part of secretParts(name, value)) this.#know(part, true);
      this.#lastSeen.set(name, value);
    }
  }

  /** The headers with every secret one masked (its value learned first) and known values masked in the others. */
  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    this.learn(headers);
    const out: Record<string, string> = {};
    for (const name in headers) {
      const value = headers[name]!;
      out[name] = this.isSecretHeader(name) ? this.#headerValue(name, value) : this.text(value);
    }
    return out;
  }

  /** The text with `user:password@`, secret query values and every known secret value masked. */
  text(text: string): string {
    let out = text.includes('@') ? redactCredentials(text) : text;
    const named = out.includes('=') || out.includes(':');
    if (named && this.#mayName.test(out)) {
      if (out.includes('=')) out = out.replace(QUERY_PARAMETER, this.#queryParameter);
      out = out.replace(NAMED_VALUE, this.#namedValue);
    }
    return this.values(out);
  }

  /**
   * The text with every known secret value masked, and nothing else: for bytes that must stay as
   * they were but for a secret (a recorded body).
   */
  values(text: string): string {
    let out = text;
    for (const value of this.#searchedValues())
      if (out.includes(value)) out = out.split(value).join(this.#shown(value));
    return out;
  }

  /** The mask of one value: `*** (3f2a9c1b)`. */
  mask(value: string): string {
    if (isMask(value)) return value;
    let mask = this.#masks.get(value);
    if (mask === undefined) {
      const digest = createHmac('sha256', KEY).update(value).digest('hex');
      mask = `*** (${digest.slice(0, 8)})`;
      if (this.#masks.size >= 4 * LEARNED_MAX) this.#masks.clear();
      this.#masks.set(value, mask);
    }
    return mask;
  }

  readonly #queryParameter = (whole: string, name: string, value: string): string =>
    value === '' || isMask(value) || !(this.isSecretHeader(name) || SECRET_QUERY.test(name))
      ? whole
      : `${whole.slice(0, whole.length - value.length)}${this.mask(value)}`;

  readonly #namedValue = (whole: string, _quote: string, name: string, value: string): string => {
    if (!this.isSecretHeader(name)) return whole;
    const credential = schemeOf(value)?.credential ?? value;
    if (credential.startsWith('***')) return whole;
    return `${whole.slice(0, whole.length - value.length)}${this.#shown(value)}`;
  };

  /** A value as shown once masked: its scheme kept, the rest masked. */
  #shown(value: string): string {
    const scheme = schemeOf(value);
    return scheme === undefined
      ? this.mask(value)
      : `${scheme.scheme} ${this.mask(scheme.credential)}`;
  }

  #headerValue(name: string, value: string): string {
    const key = `${name}\n${value}`;
    let shown = this.#shownHeaders.get(key);
    if (shown === undefined) {
      shown = this.#maskedHeaderValue(name, value);
      if (this.#shownHeaders.size >= 4 * LEARNED_MAX) this.#shownHeaders.clear();
      this.#shownHeaders.set(key, shown);
    }
    return shown;
  }

  #maskedHeaderValue(name: string, value: string): string {
    const lower = name.toLowerCase();
    if (lower !== 'cookie' && lower !== 'set-cookie') return this.#shown(value);
    const pairs = value.split(';');
    const masked = (pair: string) => {
      const at = pair.indexOf('=');
      return at < 0
        ? this.mask(pair.trim())
        : `${pair.slice(0, at + 1)}${this.mask(pair.slice(at + 1).trim())}`;
    };
    const shown = lower === 'cookie' ? pairs.map(masked) : [masked(pairs[0]!), ...pairs.slice(1)];
    return shown.join(';');
  }

  #know(value: string, learned: boolean): void {
    if (value.length < SEARCHED_MIN_LENGTH || this.#given.has(value) || isMask(value)) return;
    if (learned && this.#learned.delete(value)) {
      this.#learned.set(value, true); // seen again: the most recent, the last to be forgotten
      return;
    }
    for (const form of formsOf(value)) {
      if (this.#given.has(form)) continue;
      if (!learned) {
        this.#given.add(form);
        this.#learned.delete(form);
      } else if (this.#learned.delete(form)) {
        this.#learned.set(form, true); // seen again: the most recent, the last to be forgotten
        continue;
      } else {
        this.#learned.set(form, true);
        if (this.#learned.size > LEARNED_MAX) {
          this.#learned.delete(this.#learned.keys().next().value!);
          this.#lastSeen.clear(); // a value seen last may be the one forgotten: learn them again
        }
      }
      this.#searched = undefined;
    }
  }

  #searchedValues(): readonly string[] {
    this.#searched ??= [...this.#given, ...this.#learned.keys()].sort(
      (a, b) => b.length - a.length,
    );
    return this.#searched;
  }
}
