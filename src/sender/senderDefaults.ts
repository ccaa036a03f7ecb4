/**
 * The reference sender's defaults. Every value the vendor does not document is an assumption
 * (see facts.md); each is exported here so a user can see it and override it.
 */

/** A failure kind the retry policy (`http-retry-applies-to`) can name. */
export type RetryCondition = 'connection-failure' | 'timeout' | '3xx' | '4xx' | '5xx';

/** Every retry condition, in the order they are documented. */
export const retryConditions: readonly RetryCondition[] = ['connection-failure', 'timeout', '3xx', '4xx', '5xx'];

/**
 * Assumed default of `http-retry-applies-to`: connection failures, response timeouts and HTTP 5xx.
 * 3xx (never followed) and 4xx are failures that are not retried unless named.
 */
export const DEFAULT_RETRY_APPLIES_TO: readonly RetryCondition[] = Object.freeze(['connection-failure', 'timeout', '5xx'] as RetryCondition[]);

/** Assumed default of `http-retry-max-attempts`: retries after the first attempt. */
export const DEFAULT_RETRY_MAX_ATTEMPTS = 0;

/** Assumed default of `http-connection-pool-size`: concurrent connections, kept alive and reused. */
export const DEFAULT_CONNECTION_POOL_SIZE = 1;

/** Assumed default and unit of `http-response-timeout`: 10 seconds. */
export const DEFAULT_RESPONSE_TIMEOUT_SECONDS = 10;

/** The `User-Agent` the spec's example shows (`OCS/<version>`). Override with `userAgent`. */
export const DEFAULT_USER_AGENT = 'OCS/8.1.528.15';

/** Assumed default of `contact-processed-notification` in OCS (the feature is off until enabled). */
export const OCS_DEFAULT_ENABLED = false;

/**
 * The pause before retry number `n` (1-based): 100 ms doubled per retry, at most 1 s. OCS does not
 * document its backoff; this one is short and bounded so a retry never outlives the notification's use.
 */
export const DEFAULT_RETRY_BACKOFF = Object.freeze({ initialMs: 100, maxMs: 1000 });

/** The retry condition an HTTP status falls under, or `undefined` for success (2xx). A 1xx final status counts as 4xx. */
export function statusCondition(status: number): RetryCondition | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 300 && status < 400) return '3xx';
  if (status >= 500) return '5xx';
  return '4xx';
}

/** The pause before retry `retry` (1-based) under a backoff. */
export function backoffDelayMs(retry: number, backoff: { readonly initialMs: number; readonly maxMs: number } = DEFAULT_RETRY_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, retry - 1));
}

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
