import { assumptions } from '../assumptions.js';
import { IssueCollector } from '../errors/IssueCollector.js';
import { badOption, described } from '../errors/OptionError.js';
import { parseHttpUrl } from '../http/parseHttpUrl.js';
import { redactCredentials } from '../http/redactCredentials.js';
import { parseProxyUrl } from '../http/parseProxyUrl.js';
import { OCS_OPTIONS } from '../ocs/ocsOptionTable.js';
import { ocsSettings } from '../ocs/ocsSettings.js';
import type { RetryCondition } from '../retry/retryPolicy.js';
import { checkCustomHeaders } from '../ocs/customHeaders.js';

/**
 * The reference sender's settings: the eight OCS options, typed (see {@link fromOcsOptions} for the
 * operator's strings).
 */
export interface SenderOptions {
  /** `contact-processed-notification-uri`: an absolute http:// or https:// URL. */
  readonly uri: string;
  /** `contact-processed-notification`; default true here (OCS's own default, false, applies in fromOcsOptions). */
  readonly enabled?: boolean;
  /** `http-retry-applies-to`; default `assumptions.retryAppliesTo`. */
  readonly retryAppliesTo?: readonly RetryCondition[];
  /** `http-retry-max-attempts`: retries after the first attempt; default `assumptions.retryMaxAttempts`. */
  readonly retryMaxAttempts?: number;
  /**
   * `http-connection-pool-size`: at most this many concurrent connections, kept alive; default
   * `assumptions.connectionPoolSize`.
   */
  readonly connectionPoolSize?: number;
  /** `http-custom-headers`: added to every request; CR/LF refused, protected headers refused. */
  readonly customHeaders?: Readonly<Record<string, string>>;
  /** `http-proxy`: `http://[user:pass@]host:port`. HTTPS goes through a CONNECT tunnel, HTTP is forwarded. */
  readonly proxy?: string;
  /** `http-response-timeout` in SECONDS (fractions allowed); default `assumptions.responseTimeoutSeconds`. */
  readonly responseTimeout?: number;
  /** `User-Agent`; default `assumptions.userAgent`. */
  readonly userAgent?: string;
  /** Extra trusted CA certificates (PEM) for HTTPS, trusted besides Node's bundled ones. Verification is always on. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** The pause between retries; default `assumptions.retryBackoff` (100 ms doubling, at most 1 s). */
  readonly retryBackoff?: { readonly initialMs: number; readonly maxMs: number };
}

/** The settings a sender runs with, after defaults. */
export interface ResolvedSenderSettings {
  readonly uri: string;
  readonly enabled: boolean;
  readonly retryAppliesTo: readonly RetryCondition[];
  readonly retryMaxAttempts: number;
  readonly connectionPoolSize: number;
  readonly customHeaders: Readonly<Record<string, string>>;
  /** With credentials masked as `***`. */
  readonly proxy?: string;
  /** `http-response-timeout` in seconds, and the same in ms. */
  readonly responseTimeout: number;
  readonly responseTimeoutMs: number;
  readonly userAgent: string;
}

/** The OCS option each checked here stands for, named beside a refused value. */
const ocs = {
  uri: OCS_OPTIONS.uri.ocs,
  enabled: 'contact-processed-notification',
  proxy: OCS_OPTIONS.proxy.ocs,
} as const;

function userAgent(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || /[\r\n\0]/.test(value))
    badOption('userAgent', 'a non-empty single-line product token such as "OCS/8.1.528.15"', value);
  return value;
}

function backoff(value: { readonly initialMs: number; readonly maxMs: number }): void {
  if (!(value.initialMs >= 0 && value.maxMs >= value.initialMs))
    badOption(
      'retryBackoff',
      'initialMs >= 0 and maxMs >= initialMs',
      described(JSON.stringify(value)),
    );
}

/**
 * Checks every option before anything is built; one {@link OptionError} names every bad option, with
 * the OCS option it stands for and the expected form.
 */
export function resolveSenderSettings(
  options: SenderOptions,
): ResolvedSenderSettings & { readonly proxyUrl?: URL } {
  const issues = new IssueCollector();
  const url = issues.check(() =>
    parseHttpUrl(options.uri, 'uri', { credentials: false, ocsOption: ocs.uri }),
  );
  const enabled = options.enabled ?? true;
  if (typeof enabled !== 'boolean')
    issues.check(() => badOption('enabled', 'true or false', enabled, ocs.enabled));
  const settings = ocsSettings(options, issues);
  const agent = issues.check(() => userAgent(options.userAgent ?? assumptions.userAgent));
  const customHeaders = issues.check(() =>
    checkCustomHeaders(options.customHeaders ?? {}, 'customHeaders'),
  );
  const proxy =
    options.proxy === undefined || options.proxy === ''
      ? undefined
      : issues.check(() => parseProxyUrl(options.proxy!, 'proxy', ocs.proxy));
  issues.check(() => backoff(options.retryBackoff ?? assumptions.retryBackoff));
  issues.throwIfAny();
  return {
    uri: url!.href,
    enabled,
    retryAppliesTo: settings!.retryAppliesTo,
    retryMaxAttempts: settings!.retryMaxAttempts,
    connectionPoolSize: settings!.connectionPoolSize,
    customHeaders: customHeaders!,
    ...(proxy !== undefined ? { proxy: redactCredentials(proxy.href), proxyUrl: proxy } : {}),
    responseTimeout: settings!.responseTimeoutSeconds,
    responseTimeoutMs: settings!.responseTimeoutMs,
    userAgent: agent!,
  };
}
