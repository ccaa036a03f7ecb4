import { assumptions } from '../assumptions.js';
import { parseHttpUrl } from '../http/parseHttpUrl.js';
import { parseCustomHeaders } from './customHeaders.js';
import type { OcsSettingsInput } from './ocsSettings.js';
import { parseOptionValue } from './parseOptionValue.js';

/** The value each OCS option takes in the API, by the API's option name. */
export type OcsOptionValues = Required<OcsSettingsInput> & {
  readonly uri: string;
  readonly customHeaders: Readonly<Record<string, string>>;
  readonly proxy: string;
};

/** An OCS option the kit takes as a flag, by the API's name (`retryMaxAttempts`). */
export type OcsOptionKey = keyof OcsOptionValues;

/**
 * How a flag takes its value: `parsed` at once by the option's parser, naming the flag when it
 * refuses; `repeated`, one item per use, the list checked as a whole by the command; `text` as
 * given, checked by the API, which names the option (the CLI maps it to the flag).
 */
export type FlagValue = 'parsed' | 'repeated' | 'text';

/** One OCS option: its names in OCServer and on the command line, its default and its parser. */
export interface OcsOption<T> {
  /** The OCServer option (`http-retry-max-attempts`), as an operator's options file names it. */
  readonly ocs: string;
  /** The flag (`--retry-max-attempts`). */
  readonly flag: string;
  /** The flag's value as its help names it (`<n>`). */
  readonly placeholder: string;
  /** The flag's help where a command says nothing more of its own. */
  readonly help: string;
  readonly takes: FlagValue;
  /** The documented default (from `assumptions`), and how help shows it when not as JSON. */
  readonly default?: T;
  readonly defaultShown?: string;
  /** Reads the option's text; a refusal names `name` (the flag, or the OCS option) in parseOptionValue's words. */
  readonly parse: (name: string, text: string) => T;
}

/** Every OCS option the kit takes as a flag: each key of the API once, with the value it takes. */
type OcsOptionTable = { readonly [K in OcsOptionKey]: OcsOption<OcsOptionValues[K]> };

/**
 * The one table of the OCS options the kit takes as flags (`contact-processed-notification`, read
 * only from an options file, aside): the flags, the options file's names, the OCS option named
 * beside a refused API value and the drift the proxy reports are all read from it, so that an
 * option's three names cannot drift apart. In the order OCS documents them.
 */
export const OCS_OPTIONS = {
  uri: {
    ocs: 'contact-processed-notification-uri',
    flag: '--uri',
    placeholder: '<url>',
    help: 'contact-processed-notification-uri: where to POST (http or https)',
    takes: 'text',
    parse: (name, text) => {
      parseHttpUrl(text, name);
      return text;
    },
  },
  retryAppliesTo: {
    ocs: 'http-retry-applies-to',
    flag: '--retry-applies-to',
    placeholder: '<list>',
    help: 'http-retry-applies-to: comma-separated connection-failure,timeout,3xx,4xx,5xx (or none)',
    takes: 'parsed',
    default: assumptions.retryAppliesTo,
    defaultShown: assumptions.retryAppliesTo.join(','),
    parse: (name, text) => parseOptionValue.retryAppliesTo(name, text),
  },
  retryMaxAttempts: {
    ocs: 'http-retry-max-attempts',
    flag: '--retry-max-attempts',
    placeholder: '<n>',
    help: 'http-retry-max-attempts: retries after the first attempt',
    takes: 'parsed',
    default: assumptions.retryMaxAttempts,
    parse: (name, text) => parseOptionValue.integer(name, text, 0),
  },
  connectionPoolSize: {
    ocs: 'http-connection-pool-size',
    flag: '--pool-size',
    placeholder: '<p>',
    help: 'http-connection-pool-size: at most P connections, kept alive and reused',
    takes: 'parsed',
    default: assumptions.connectionPoolSize,
    parse: (name, text) => parseOptionValue.integer(name, text, 1),
  },
  customHeaders: {
    ocs: 'http-custom-headers',
    flag: '--header',
    placeholder: '<header>',
    help: 'http-custom-headers: a custom header, "Name: value" (repeatable)',
    takes: 'repeated',
    parse: (name, text) => parseCustomHeaders(text, name),
  },
  proxy: {
    ocs: 'http-proxy',
    flag: '--proxy',
    placeholder: '<url>',
    help: 'http-proxy: http://[user:pass@]host:port',
    takes: 'text',
    parse: (name, text) => {
      parseOptionValue.proxyUrl(name, text);
      return text;
    },
  },
  responseTimeout: {
    ocs: 'http-response-timeout',
    flag: '--response-timeout',
    placeholder: '<s>',
    help: 'http-response-timeout in seconds (fractions allowed)',
    takes: 'parsed',
    default: assumptions.responseTimeoutSeconds,
    parse: (name, text) => parseOptionValue.seconds(name, text),
  },
} as const satisfies OcsOptionTable;

/** The OCServer name of an option of the table (`http-retry-max-attempts`). */
export type TableOcsName = (typeof OCS_OPTIONS)[OcsOptionKey]['ocs'];

/** The table's keys, in its order. */
export const ocsOptionKeys = Object.keys(OCS_OPTIONS) as OcsOptionKey[];

/** The API's name of the option OCServer calls `ocs`, when the table has it. */
export const optionOfOcsName = (ocs: string): OcsOptionKey | undefined =>
  ocsOptionKeys.find((key) => OCS_OPTIONS[key].ocs === ocs);
