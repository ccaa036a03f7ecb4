import { toRecordedExchange, type RecordedExchange } from '../../record/RecordedExchange.js';
import { guidOf } from './exchangeFacts.js';
import type { ProxyExchange } from './ProxyExchange.js';

/**
 * A proxied exchange as a line of the recording: what the sender sent, and what it was answered (the
 * target's answer, or the proxy's own 502/504 with the failure that caused it).
 */
export function recordedExchange(exchange: ProxyExchange, attempt: number): RecordedExchange {
  const answer = exchange.answer ?? exchange.proxyAnswer;
  const left = exchange.senderLeftAfterMs;
  const failure =
    left !== undefined ? `the sender left after ${Math.round(left)} ms` : exchange.targetFailure;
  return toRecordedExchange({
    receivedAt: exchange.receivedAt,
    guid: guidOf(exchange) ?? null,
    attempt,
    request: exchange,
    ...(answer !== undefined ? { answer } : {}),
    ...(failure !== undefined ? { failure } : {}),
    durationMs: exchange.durationMs ?? 0,
  });
}
