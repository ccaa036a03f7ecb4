import { redactCredentials } from './classifyError.js';
import { retryConditions, type RetryCondition } from './senderDefaults.js';

/**
 * Parsers for the sender settings as text, shared by `fromOcsOptions` (an operator's OCS options)
 * and the CLI flags (`--retry-max-attempts`, `--response-timeout`, …), so both accept and refuse the
 * same values with the same words. Each throws an Error `NAME: expected …, found "…"`.
 */
export const parseOptionValue = {
  /** A whole number, at least `min`. */
  integer(name: string, value: string, min: number): number {
    const text = value.trim();
    if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
      throw new Error(`${name}: expected an integer ${min} or more, found ${JSON.stringify(value)}`);
    }
    return Number(text);
  },

  /** A number of seconds greater than 0 (fractions allowed). */
  seconds(name: string, value: string): number {
    const text = value.trim();
    if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) {
      throw new Error(`${name}: expected a number of seconds greater than 0, e.g. 10, found ${JSON.stringify(value)}`);
    }
    return Number(text);
  },

  /** A list of retry conditions separated by commas, semicolons or spaces; `none` for the empty list. */
  retryAppliesTo(name: string, value: string): RetryCondition[] {
    const items = value.split(/[\s,;]+/).filter(Boolean).map((item) => item.toLowerCase());
    if (items.some((item) => item !== 'none' && !(retryConditions as readonly string[]).includes(item))) {
      throw new Error(`${name}: expected a comma-separated list of ${retryConditions.join(', ')} (or none), found ${JSON.stringify(value)}`);
    }
    return items.filter((item) => item !== 'none') as RetryCondition[];
  },

  /** An HTTP proxy, `http://[user:pass@]host:port`; the error never shows the credentials. */
  proxyUrl(name: string, value: string): URL {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url === undefined || url.protocol !== 'http:' || url.hostname === '' || (url.pathname !== '/' && url.pathname !== '') || url.search !== '') {
      throw new Error(`${name}: expected http://[user:pass@]host:port, found ${JSON.stringify(redactCredentials(value))}`);
    }
    return url;
  },
};
