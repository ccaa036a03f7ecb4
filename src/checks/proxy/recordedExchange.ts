import { recordedBody, type RecordedExchange } from '../../record/RecordedExchange.js';
import { bodyOf } from './exchangeFacts.js';
import type { ProxyExchange } from './ProxyExchange.js';

/**
 * A proxied exchange as a line of the recording: what the sender sent, and what it was answered (the
 * target's answer, or the proxy's own 502/504 with the failure that caused it).
 */
export function recordedExchange(exchange: ProxyExchange, attempt: number): RecordedExchange {
  const guid = guidOf(exchange);
  const answer = exchange.answer ?? exchange.proxyAnswer;
  return {
    v: 1,
    time: exchange.receivedAt.toISOString(),
    guid,
    attempt,
    request: {
      method: exchange.method,
      path: exchange.path,
      headers: exchange.headers,
      ...recordedBody(exchange.body),
    },
    answer:
      answer === undefined
        ? null
        : { status: answer.status, headers: answer.headers, ...recordedBody(answer.body) },
    ...(exchange.targetFailure !== undefined ? { failure: exchange.targetFailure } : {}),
    ...(exchange.senderLeftAfterMs !== undefined
      ? { failure: `the sender left after ${Math.round(exchange.senderLeftAfterMs)} ms` }
      : {}),
    durationMs: Math.round((exchange.durationMs ?? 0) * 10) / 10,
  };
}

function guidOf(exchange: ProxyExchange): string | null {
  const guid = bodyOf(exchange)?.GSW_MESSAGE_GUID;
  if (typeof guid === 'string') return guid;
  return exchange.headers.etag ?? null;
}
