import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import type { ContactProcessed } from '../message/ContactProcessed.generated.js';
import { buildContactProcessed } from '../message/buildContactProcessed.js';
import { fixtures } from '../message/fixtures.js';
import { createSender } from '../sender/createSender.js';
import { receiverTlsOptions } from './receiverTls.js';

/** One request a probe sent and what came back. */
export interface ProbeAnswer {
  /** What was sent, in a few words. */
  readonly what: string;
  readonly status?: number;
  /** Why there was no status: a timeout, a refused connection. */
  readonly failure?: string;
  readonly durationMs: number;
}

/** Where and how the probes send. */
export interface ProbeTarget {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly responseTimeoutSeconds: number;
  /** Extra trusted CA certificates (PEM) for an https:// receiver. */
  readonly ca?: readonly string[];
}

/** A fresh notification built from a fixture: a new random GUID, so reruns are not duplicates. */
export function freshMessage(base: ContactProcessed): ContactProcessed {
  return { ...base, GSW_MESSAGE_GUID: randomUUID() };
}

/** Sends a notification as OCS does (the reference sender, no retries). */
export async function sendAsOcs(target: ProbeTarget, what: string, message: ContactProcessed): Promise<ProbeAnswer> {
  // The sender trusts Node's bundled CAs plus these, with TLS 1.2 minimum: the same rules as receiverTlsOptions.
  const { ca } = target;
  const sender = createSender({ uri: target.url, customHeaders: target.headers, responseTimeout: target.responseTimeoutSeconds, retryMaxAttempts: 0, ...(ca !== undefined && ca.length > 0 ? { ca } : {}) });
  try {
    const result = await sender.send(message);
    return {
      what,
      ...(result.lastStatus !== undefined ? { status: result.lastStatus } : {}),
      ...(result.lastStatus === undefined && result.reason !== undefined ? { failure: result.reason } : {}),
      durationMs: result.durationMs,
    };
  } finally {
    await sender.close();
  }
}

/** Sends raw bytes that a sender must never produce (garbage, a message missing fields), redirects not followed. */
export async function sendRaw(target: ProbeTarget, what: string, body: string, etag: string = randomUUID()): Promise<ProbeAnswer> {
  const started = performance.now();
  const timeoutMs = Math.ceil(target.responseTimeoutSeconds * 1000);
  const dispatcher = target.url.startsWith('https:') ? new Agent({ connect: receiverTlsOptions(target.ca) }) : undefined;
  try {
    const response = await request(target.url, {
      ...(dispatcher !== undefined ? { dispatcher } : {}),
      method: 'POST',
      headers: { accept: '*/*', 'user-agent': 'OCS/8.1 (cpn-kit check-receiver)', ...target.headers, etag, 'content-type': 'application/json' },
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await response.body.dump().catch(() => undefined);
    return { what, status: response.statusCode, durationMs: performance.now() - started };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const failure = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' ? `no answer within ${target.responseTimeoutSeconds} s` : (error as Error).message;
    return { what, failure, durationMs: performance.now() - started };
  } finally {
    await dispatcher?.close();
  }
}

/** The messages of the tolerance probes, built from the fixtures. */
export const toleranceMessages = {
  userFields: () => freshMessage({ ...fixtures['user-fields'].message, Unexpected_Field_From_A_New_List: 'accept me' } as ContactProcessed),
  vendorEnum: () => freshMessage(fixtures['vendor-enum'].message),
  newerRelease: () => freshMessage(fixtures['newer-release'].message),
  /** A body with only two fields: parseable JSON, but 20 mandatory fields missing. */
  missingMandatory: () => {
    const guid = randomUUID();
    return { guid, body: JSON.stringify({ GSW_MESSAGE: 'ContactProcessed', GSW_MESSAGE_GUID: guid }) };
  },
  /** Bytes that are not JSON at all. */
  garbage: () => '{"GSW_MESSAGE":"ContactProcessed", this is not JSON',
  /** A second valid message for the duplicate probe. */
  duplicate: () => freshMessage(buildContactProcessed()),
};
