import { EventEmitter } from 'node:events';
import { rootCertificates } from 'node:tls';
import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import type { ContactProcessed } from '../message/ContactProcessed.generated.js';
import { classifyError, redactCredentials } from './classifyError.js';
import { checkCustomHeaders } from './customHeaders.js';
import { parseOptionValue } from './parseOptionValue.js';
import {
  backoffDelayMs,
  DEFAULT_CONNECTION_POOL_SIZE,
  DEFAULT_RESPONSE_TIMEOUT_SECONDS,
  DEFAULT_RETRY_APPLIES_TO,
  DEFAULT_RETRY_BACKOFF,
  DEFAULT_RETRY_MAX_ATTEMPTS,
  DEFAULT_USER_AGENT,
  retryConditions,
  statusCondition,
  type RetryCondition,
} from './senderDefaults.js';

/** The reference sender's settings: the eight OCS options, typed (see {@link fromOcsOptions} for the operator's strings). */
export interface SenderOptions {
  /** `contact-processed-notification-uri`: an absolute http:// or https:// URL. */
  readonly uri: string;
  /** `contact-processed-notification`; default true here (OCS's own default, false, applies in fromOcsOptions). */
  readonly enabled?: boolean;
  /** `http-retry-applies-to`; default {@link DEFAULT_RETRY_APPLIES_TO}. */
  readonly retryAppliesTo?: readonly RetryCondition[];
  /** `http-retry-max-attempts`: retries after the first attempt; default 0. */
  readonly retryMaxAttempts?: number;
  /** `http-connection-pool-size`: at most this many concurrent connections, kept alive; default 1. */
  readonly connectionPoolSize?: number;
  /** `http-custom-headers`: added to every request; CR/LF refused, protected headers refused. */
  readonly customHeaders?: Readonly<Record<string, string>>;
  /** `http-proxy`: `http://[user:pass@]host:port`. HTTPS goes through a CONNECT tunnel, HTTP is forwarded. */
  readonly proxy?: string;
  /** `http-response-timeout` in SECONDS (fractions allowed); default 10. */
  readonly responseTimeout?: number;
  /** `User-Agent`; default {@link DEFAULT_USER_AGENT}. */
  readonly userAgent?: string;
  /** Extra trusted CA certificates (PEM) for HTTPS, trusted besides Node's bundled ones. Verification is always on. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** The pause between retries; default {@link DEFAULT_RETRY_BACKOFF} (100 ms doubling, at most 1 s). */
  readonly retryBackoff?: { readonly initialMs: number; readonly maxMs: number };
}

/** How one notification ended. `send` never rejects for network or HTTP reasons. */
export interface SendResult {
  readonly guid: string;
  readonly outcome: 'delivered' | 'failed';
  /** Why it failed (absent when delivered). */
  readonly reason?: string;
  /** Requests made (0 when nothing was sent, e.g. disabled). */
  readonly attempts: number;
  /** The last HTTP status received, if any. */
  readonly lastStatus?: number;
  readonly durationMs: number;
}

/** One attempt's outcome, emitted as `attempt`. */
export interface AttemptEvent {
  readonly guid: string;
  /** 1 for the first attempt, 2 for the first retry... */
  readonly attempt: number;
  readonly status?: number;
  /** Set when the attempt did not succeed: the failure in one line. */
  readonly reason?: string;
  /** Which retry condition the failure falls under (`undefined` on success). */
  readonly condition?: RetryCondition;
  readonly durationMs: number;
  /** Whether another attempt follows. */
  readonly willRetry: boolean;
}

/** The reference OCS sender. */
export interface Sender {
  /** Sends one notification (with retries); resolves with what happened, never rejects for network/HTTP reasons. */
  send(message: ContactProcessed): Promise<SendResult>;
  on(event: 'attempt', listener: (e: AttemptEvent) => void): this;
  on(event: 'result', listener: (e: SendResult) => void): this;
  /**
   * Sends a notification already serialized: `body` must be the UTF-8 JSON of a message whose
   * `GSW_MESSAGE_GUID` is `guid` (it becomes the ETag). For high-rate callers that build the JSON
   * themselves; `send` is this after `JSON.stringify`.
   */
  sendSerialized(guid: string, body: Uint8Array): Promise<SendResult>;
  /** Closes the pooled connections; waits for requests in flight. */
  close(): Promise<void>;
  /** The resolved settings (credentials in the proxy URL are masked). */
  readonly settings: ResolvedSenderSettings;
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
  readonly responseTimeout: number;
  readonly userAgent: string;
}

function fail(option: string, expected: string, found: unknown): never {
  throw new Error(`${option}: expected ${expected}, found ${typeof found === 'string' ? JSON.stringify(found) : String(found)}`);
}

/** Checks every option before anything is built: an error names the option and the expected form. */
export function resolveSenderSettings(options: SenderOptions): ResolvedSenderSettings & { readonly proxyUrl?: URL } {
  let url: URL;
  try {
    url = new URL(options.uri);
  } catch {
    fail('uri (contact-processed-notification-uri)', 'an absolute http:// or https:// URL', options.uri);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('uri (contact-processed-notification-uri)', 'an http:// or https:// URL', options.uri);
  if (url.username || url.password) fail('uri (contact-processed-notification-uri)', 'a URL without credentials (use customHeaders for authentication)', redactCredentials(options.uri));
  const enabled = options.enabled ?? true;
  if (typeof enabled !== 'boolean') fail('enabled (contact-processed-notification)', 'true or false', enabled);
  const retryAppliesTo = options.retryAppliesTo ?? DEFAULT_RETRY_APPLIES_TO;
  for (const c of retryAppliesTo) if (!retryConditions.includes(c)) fail('retryAppliesTo (http-retry-applies-to)', `a list of ${retryConditions.join(', ')}`, c);
  const retryMaxAttempts = options.retryMaxAttempts ?? DEFAULT_RETRY_MAX_ATTEMPTS;
  if (!Number.isInteger(retryMaxAttempts) || retryMaxAttempts < 0) fail('retryMaxAttempts (http-retry-max-attempts)', 'an integer 0 or more', retryMaxAttempts);
  const connectionPoolSize = options.connectionPoolSize ?? DEFAULT_CONNECTION_POOL_SIZE;
  if (!Number.isInteger(connectionPoolSize) || connectionPoolSize < 1) fail('connectionPoolSize (http-connection-pool-size)', 'an integer 1 or more', connectionPoolSize);
  const responseTimeout = options.responseTimeout ?? DEFAULT_RESPONSE_TIMEOUT_SECONDS;
  if (typeof responseTimeout !== 'number' || !Number.isFinite(responseTimeout) || responseTimeout <= 0) fail('responseTimeout (http-response-timeout)', 'a number of seconds greater than 0', responseTimeout);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  if (typeof userAgent !== 'string' || userAgent.trim() === '' || /[\r\n\0]/.test(userAgent)) fail('userAgent', 'a non-empty single-line product token such as "OCS/8.1.528.15"', userAgent);
  const customHeaders = checkCustomHeaders(options.customHeaders ?? {}, 'customHeaders (http-custom-headers)');
  const proxyOption = options.proxy;
  const proxyUrl = proxyOption === undefined || proxyOption === '' ? undefined : parseOptionValue.proxyUrl('proxy (http-proxy)', proxyOption);
  const bo = options.retryBackoff ?? DEFAULT_RETRY_BACKOFF;
  if (!(bo.initialMs >= 0 && bo.maxMs >= bo.initialMs)) fail('retryBackoff', 'initialMs >= 0 and maxMs >= initialMs', JSON.stringify(bo));
  return {
    uri: url.href,
    enabled,
    retryAppliesTo: [...retryAppliesTo],
    retryMaxAttempts,
    connectionPoolSize,
    customHeaders,
    ...(proxyUrl ? { proxy: redactCredentials(proxyUrl.href), proxyUrl } : {}),
    responseTimeout,
    userAgent,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class ReferenceSender extends EventEmitter implements Sender {
  readonly settings: ResolvedSenderSettings;
  readonly #dispatcher: Dispatcher;
  readonly #url: URL;
  readonly #path: string;
  readonly #backoff: { readonly initialMs: number; readonly maxMs: number };
  readonly #timeoutMs: number;
  #closed = false;

  constructor(options: SenderOptions) {
    super();
    const { proxyUrl, ...settings } = resolveSenderSettings(options);
    this.settings = settings;
    this.#url = new URL(settings.uri);
    this.#path = `${this.#url.pathname}${this.#url.search}`;
    this.#backoff = options.retryBackoff ?? DEFAULT_RETRY_BACKOFF;
    const timeoutMs = Math.ceil(settings.responseTimeout * 1000);
    this.#timeoutMs = timeoutMs;
    const tls = { minVersion: 'TLSv1.2' as const, rejectUnauthorized: true, timeout: timeoutMs, ...(options.ca !== undefined ? { ca: [...rootCertificates, ...(Array.isArray(options.ca) ? options.ca : [options.ca as string | Buffer])] } : {}) };
    const common = {
      connections: settings.connectionPoolSize,
      pipelining: 1,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 60_000,
    };
    this.#dispatcher = proxyUrl
      ? new ProxyAgent({ uri: proxyUrl.href, ...common, requestTls: tls, proxyTunnel: this.#url.protocol === 'https:' })
      : new Pool(this.#url.origin, { ...common, connect: tls });
    // An idle socket error must never crash the host process.
    this.#dispatcher.on('connectionError', () => {});
  }

  send(message: ContactProcessed): Promise<SendResult> {
    const guid = typeof (message as { GSW_MESSAGE_GUID?: unknown })?.GSW_MESSAGE_GUID === 'string' ? (message as { GSW_MESSAGE_GUID: string }).GSW_MESSAGE_GUID : '';
    let body: Buffer;
    try {
      body = Buffer.from(JSON.stringify(message), 'utf8');
    } catch (error) {
      return this.sendSerialized(guid, undefined, `the message cannot be serialized as JSON (${(error as Error).message}); nothing was sent`);
    }
    return this.sendSerialized(guid, body);
  }

  async sendSerialized(guid: string, body: Uint8Array | undefined, unsendable?: string): Promise<SendResult> {
    const started = performance.now();
    const finish = (r: Omit<SendResult, 'durationMs' | 'guid'>): SendResult => {
      const result: SendResult = { guid, ...r, durationMs: performance.now() - started };
      if (this.listenerCount('result') > 0) this.emit('result', result);
      return result;
    };
    if (this.#closed) return finish({ outcome: 'failed', reason: 'the sender is closed', attempts: 0 });
    if (!this.settings.enabled) return finish({ outcome: 'failed', reason: 'notifications are disabled (contact-processed-notification is false); nothing was sent', attempts: 0 });
    if (guid === '') return finish({ outcome: 'failed', reason: 'the message has no string GSW_MESSAGE_GUID, which the ETag header must carry; nothing was sent', attempts: 0 });
    if (unsendable !== undefined || body === undefined) return finish({ outcome: 'failed', reason: unsendable ?? 'no body; nothing was sent', attempts: 0 });
    // The same bytes on every attempt: same GUID, ETag and GSW_TIMESTAMP.
    const headers: Record<string, string> = {
      accept: '*/*',
      'user-agent': this.settings.userAgent,
      ...this.settings.customHeaders,
      host: this.#url.host,
      etag: guid,
      'content-type': 'application/json',
      'content-length': String(body.byteLength),
    };
    const maxAttempts = 1 + this.settings.retryMaxAttempts;
    let lastStatus: number | undefined;
    let attempt = 0;
    for (;;) {
      attempt += 1;
      const attemptStart = performance.now();
      let status: number | undefined;
      let condition: RetryCondition | undefined;
      let reason: string | undefined;
      const outcome = await this.#attempt(headers, body);
      if (outcome.status !== undefined) {
        status = outcome.status;
        lastStatus = status;
        if (status >= 200 && status < 300) {
          if (this.listenerCount('attempt') > 0) this.emit('attempt', { guid, attempt, status, durationMs: performance.now() - attemptStart, willRetry: false } satisfies AttemptEvent);
          return finish({ outcome: 'delivered', attempts: attempt, lastStatus: status });
        }
        condition = statusCondition(status) ?? '4xx';
        if (status >= 300 && status < 400) reason = `HTTP ${status} redirect (redirects are never followed)`;
        else if (status < 200) reason = `HTTP ${status} is not a final status`;
        else reason = `HTTP ${status}`;
      } else {
        const failure = classifyError(outcome.error, outcome.timedOut, this.settings.responseTimeout);
        condition = failure.condition;
        reason = failure.reason;
      }
      const retryable = this.settings.retryAppliesTo.includes(condition) && !this.#closed;
      const willRetry = retryable && attempt < maxAttempts;
      if (this.listenerCount('attempt') > 0) this.emit('attempt', { guid, attempt, ...(status !== undefined ? { status } : {}), reason, condition, durationMs: performance.now() - attemptStart, willRetry } satisfies AttemptEvent);
      if (!willRetry) {
        const why = !retryable
          ? `${reason} (not retried: ${condition} is not in http-retry-applies-to)`
          : `${reason} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})`;
        return finish({ outcome: 'failed', reason: why, attempts: attempt, ...(lastStatus !== undefined ? { lastStatus } : {}) });
      }
      await sleep(backoffDelayMs(attempt, this.#backoff));
    }
  }

  /**
   * One request. The response timeout runs from when the request is handed to a connection until the
   * whole response is read; it aborts through undici's dispatch controller (an AbortSignal per
   * request costs a third of the throughput).
   */
  #attempt(headers: Record<string, string>, body: Uint8Array): Promise<{ status: number } | { status?: undefined; error: unknown; timedOut: boolean }> {
    const timeoutMs = this.#timeoutMs;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      let status = 0;
      let settled = false;
      const settle = (value: { status: number } | { error: unknown; timedOut: boolean }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      };
      try {
        this.#dispatcher.dispatch(
          { origin: this.#url.origin, path: this.#path, method: 'POST', headers, body },
          {
            onRequestStart(controller) {
              timer ??= setTimeout(() => {
                timedOut = true;
                controller.abort(new Error('response timeout'));
              }, timeoutMs);
            },
            onResponseStart(_controller, statusCode) {
              status = statusCode;
            },
            onResponseData() {},
            onResponseEnd() {
              settle({ status });
            },
            onResponseError(_controller, error) {
              settle({ error, timedOut });
            },
          },
        );
      } catch (error) {
        settle({ error, timedOut: false });
      }
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#dispatcher.close();
  }
}

/**
 * Creates the reference OCS sender: POSTs each notification with OCS's headers, retries by policy
 * with the same bytes, never follows redirects, enforces TLS 1.2+, and pools connections.
 * Throws (before anything is sent) when an option is invalid, naming the option.
 *
 * @example
 * const sender = createSender({ uri: 'https://crm.example.com/ocs', retryMaxAttempts: 2, responseTimeout: 5 });
 * const result = await sender.send(buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() }));
 * // result: { guid, outcome: 'delivered', attempts: 1, lastStatus: 200, durationMs }
 * await sender.close();
 */
export function createSender(options: SenderOptions): Sender {
  return new ReferenceSender(options);
}
