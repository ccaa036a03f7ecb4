import { badOption } from '../errors/OptionError.js';
import { retryConditions, type RetryCondition } from '../retry/retryPolicy.js';
import { parseProxyUrl } from '../http/parseProxyUrl.js';

/**
 * Parsers for the sender settings as text, shared by `fromOcsOptions` (an operator's OCS options)
 * and the CLI flags (`--retry-max-attempts`, `--response-timeout`, …), so both accept and refuse the
 * same values with the same words. Each throws an OptionError naming the option: `NAME: expected …, found "…"`.
 */
export const parseOptionValue = {
  /** A whole number, at least `min`. */
  integer(name: string, value: string, min: number): number {
    const text = value.trim();
    if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text)))
      badOption(name, `an integer ${min} or more`, value);
    return Number(text);
  },

  /** A number of seconds greater than 0 (fractions allowed). */
  seconds(name: string, value: string): number {
    const text = value.trim();
    if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0)
      badOption(name, 'a number of seconds greater than 0, e.g. 10', value);
    return Number(text);
  },

  /** A list of retry conditions separated by commas, semicolons or spaces; `none` for the empty list. */
  retryAppliesTo(name: string, value: string): RetryCondition[] {
    const items = value
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((item) => item.toLowerCase());
    if (
      items.some(
        (item) => item !== 'none' && !(retryConditions as readonly string[]).includes(item),
      )
    ) {
      badOption(name, `a comma-separated list of ${retryConditions.join(', ')} (or none)`, value);
    }
    return items.filter((item) => item !== 'none') as RetryCondition[];
  },

  /** An HTTP proxy, `http://[user:pass@]host:port`; the error never shows the credentials. */
  proxyUrl: (name: string, value: string): URL => parseProxyUrl(value, name),
};
