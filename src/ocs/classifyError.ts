import { redactCredentials } from '../http/redactCredentials.js';
import type { RetryCondition } from '../retry/retryPolicy.js';

/** What went wrong with one attempt that got no HTTP response, in the retry policy's terms. */
export interface AttemptFailure {
  readonly condition: Extract<RetryCondition, 'connection-failure' | 'timeout'>;
  /** One line for a person: never carries proxy credentials. */
  readonly reason: string;
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/;

/** Classifies an error thrown by undici for one attempt. `timedOut` is set when our own timer aborted it. */
export function classifyError(
  error: unknown,
  timedOut: boolean,
  timeoutSeconds: number,
): AttemptFailure {
  if (timedOut)
    return {
      condition: 'timeout',
      reason: `no response within the response timeout (${timeoutSeconds} s)`,
    };
  const err = error as
    { code?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  const code = err?.code ?? '';
  const causeCode = err?.cause?.code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return {
      condition: 'timeout',
      reason: `no response within the response timeout (${timeoutSeconds} s)`,
    };
  }
  const message = redactCredentials(err?.message ?? String(error));
  const tls =
    TLS_CODES.test(code) ||
    TLS_CODES.test(causeCode) ||
    /certificate|TLS|SSL|self[- ]signed/i.test(message);
  const detail = [code, message].filter(Boolean).join(': ');
  if (tls) return { condition: 'connection-failure', reason: `TLS handshake failed (${detail})` };
  if (/Proxy response \((\d+)\)/.test(message))
    return { condition: 'connection-failure', reason: `the proxy refused the tunnel (${detail})` };
  return { condition: 'connection-failure', reason: `connection failed (${detail})` };
}
