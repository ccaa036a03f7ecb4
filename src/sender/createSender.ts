import { EventEmitter } from 'node:events';
import { rootCertificates } from 'node:tls';
import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import { assumptions } from '../assumptions.js';
import type { ContactProcessed } from '../message/ContactProcessed.generated.js';
import { deliverWithRetries, type AttemptEvent, type SendResult } from './deliverWithRetries.js';
import { sendAttempt } from './sendAttempt.js';
import {
  resolveSenderSettings,
  type ResolvedSenderSettings,
  type SenderOptions,
} from './senderSettings.js';

export type { AttemptEvent, SendResult } from './deliverWithRetries.js';
export type { ResolvedSenderSettings, SenderOptions } from './senderSettings.js';

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

/** The pool of connections to the receiver, or to the proxy in front of it; TLS 1.2+ always verified. */
function dispatcherFor(
  url: URL,
  settings: ResolvedSenderSettings,
  proxyUrl: URL | undefined,
  ca: SenderOptions['ca'],
): Dispatcher {
  const timeoutMs = Math.ceil(settings.responseTimeoutMs);
  const extraCa =
    ca === undefined
      ? undefined
      : [
          ...rootCertificates,
          ...(Array.isArray(ca) ? (ca as readonly (string | Buffer)[]) : [ca as string | Buffer]),
        ];
  const tls = {
    minVersion: 'TLSv1.2' as const,
    rejectUnauthorized: true,
    timeout: timeoutMs,
    ...(extraCa !== undefined ? { ca: extraCa } : {}),
  };
  const common = {
    connections: settings.connectionPoolSize,
    pipelining: 1,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 60_000,
  };
  const dispatcher = proxyUrl
    ? new ProxyAgent({
        uri: proxyUrl.href,
        ...common,
        requestTls: tls,
        proxyTunnel: url.protocol === 'https:',
      })
    : new Pool(url.origin, { ...common, connect: tls });
  // An idle socket error must never crash the host process.
  dispatcher.on('connectionError', () => {});
  return dispatcher;
}

class ReferenceSender extends EventEmitter implements Sender {
  readonly settings: ResolvedSenderSettings;
  readonly #dispatcher: Dispatcher;
  readonly #url: URL;
  readonly #backoff: { readonly initialMs: number; readonly maxMs: number };
  #closed = false;

  constructor(options: SenderOptions) {
    super();
    const { proxyUrl, ...settings } = resolveSenderSettings(options);
    this.settings = settings;
    this.#url = new URL(settings.uri);
    this.#backoff = options.retryBackoff ?? assumptions.retryBackoff;
    this.#dispatcher = dispatcherFor(this.#url, settings, proxyUrl, options.ca);
  }

  send(message: ContactProcessed): Promise<SendResult> {
    const guid =
      typeof (message as { GSW_MESSAGE_GUID?: unknown })?.GSW_MESSAGE_GUID === 'string'
        ? (message as { GSW_MESSAGE_GUID: string }).GSW_MESSAGE_GUID
        : '';
    let body: Buffer;
    try {
      body = Buffer.from(JSON.stringify(message), 'utf8');
    } catch (error) {
      return Promise.resolve(
        this.#unsent(
          guid,
          performance.now(),
          `the message cannot be serialized as JSON (${(error as Error).message}); nothing was sent`,
        ),
      );
    }
    return this.sendSerialized(guid, body);
  }

  async sendSerialized(guid: string, body: Uint8Array): Promise<SendResult> {
    const started = performance.now();
    if (this.#closed) return this.#unsent(guid, started, 'the sender is closed');
    if (!this.settings.enabled)
      return this.#unsent(
        guid,
        started,
        'notifications are disabled (contact-processed-notification is false); nothing was sent',
      );
    if (guid === '')
      return this.#unsent(
        guid,
        started,
        'the message has no string GSW_MESSAGE_GUID, which the ETag header must carry; nothing was sent',
      );
    // The same bytes on every attempt: same GUID, ETag and GSW_TIMESTAMP.
    const headers = {
      accept: '*/*',
      'user-agent': this.settings.userAgent,
      ...this.settings.customHeaders,
      host: this.#url.host,
      etag: guid,
      'content-type': 'application/json',
      'content-length': String(body.byteLength),
    };
    const request = {
      dispatcher: this.#dispatcher,
      origin: this.#url.origin,
      path: `${this.#url.pathname}${this.#url.search}`,
      headers,
      body,
      timeoutMs: Math.ceil(this.settings.responseTimeoutMs),
    };
    const result = await deliverWithRetries(guid, {
      policy: this.settings,
      backoff: this.#backoff,
      responseTimeout: this.settings.responseTimeout,
      attempt: () => sendAttempt(request),
      open: () => !this.#closed,
      ...(this.listenerCount('attempt') > 0
        ? { onAttempt: (event) => void this.emit('attempt', event) }
        : {}),
    });
    return this.#finish({ ...result, durationMs: performance.now() - started });
  }

  #unsent(guid: string, started: number, reason: string): SendResult {
    return this.#finish({
      guid,
      outcome: 'failed',
      reason,
      attempts: 0,
      durationMs: performance.now() - started,
    });
  }

  #finish(result: SendResult): SendResult {
    if (this.listenerCount('result') > 0) this.emit('result', result);
    return result;
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
 * Throws an OptionError (before anything is sent) naming every invalid option.
 *
 * @example
 * const sender = createSender({ uri: 'https://crm.example.com/ocs', retryMaxAttempts: 2, responseTimeout: 5 });
 * const result = await sender.send(freshContactProcessed());
 * // result: { guid, outcome: 'delivered', attempts: 1, lastStatus: 200, durationMs }
 * await sender.close();
 */
export function createSender(options: SenderOptions): Sender {
  return new ReferenceSender(options);
}
