/**
 * An example sender built on global fetch, the kind a user writes: retries 5xx, timeouts and
 * connection failures with the same body, never follows redirects. Used to prove the scenarios
 * work in-process under msw/node's setupServer.
 */
import { randomUUID } from 'node:crypto';
import { buildContactProcessed } from '../../src/message/buildContactProcessed.js';

export interface FetchSenderSettings {
  readonly retryMaxAttempts: number;
  readonly responseTimeout: number;
}

/** Sends one notification; resolves with the outcome, never rejects. */
export async function sendWithFetch(
  url: string,
  message: Record<string, unknown>,
  settings: FetchSenderSettings,
): Promise<'delivered' | 'failed'> {
  const body = JSON.stringify(message);
  for (let attempt = 0; attempt <= settings.retryMaxAttempts; attempt++) {
    let retryable = false;
    try {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          accept: '*/*',
          'user-agent': 'FetchSender/1.0',
          'content-type': 'application/json',
          etag: String(message.GSW_MESSAGE_GUID),
        },
        body,
        signal: AbortSignal.timeout(settings.responseTimeout * 1000),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return 'delivered';
      retryable = response.status >= 500;
    } catch {
      retryable = true; // timeout or connection failure
    }
    if (!retryable) return 'failed';
    await new Promise((r) => setTimeout(r, 20));
  }
  return 'failed';
}

/** A fresh valid message. */
export function freshMessage(): Record<string, unknown> {
  const ms = Date.now();
  return {
    ...buildContactProcessed({
      GSW_MESSAGE_GUID: randomUUID(),
      GSW_CALL_ATTEMPT_GUID: randomUUID(),
      GSW_TIMESTAMP: `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`,
    }),
  };
}
