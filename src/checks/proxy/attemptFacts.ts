import { statusCondition, type RetryCondition } from '../../retry/retryPolicy.js';
import type { ProxyExchange } from './ProxyExchange.js';

/** The status the sender was given: the target's, or the proxy's own 502/504 when the target had none. */
export function statusSeen(exchange: ProxyExchange): number | undefined {
  if (exchange.senderLeftAfterMs !== undefined && !answeredBeforeLeaving(exchange))
    return undefined;
  if (exchange.answer !== undefined) return exchange.answer.status;
  if (exchange.targetFailure !== undefined) return exchange.proxyAnswer?.status ?? 504;
  return undefined;
}

/** Whether the answer (or the proxy's own) reached the sender before it closed the connection. */
function answeredBeforeLeaving(exchange: ProxyExchange): boolean {
  return (
    exchange.durationMs !== undefined &&
    exchange.senderLeftAfterMs !== undefined &&
    exchange.durationMs <= exchange.senderLeftAfterMs
  );
}

/** What went wrong for the sender, as `http-retry-applies-to` names it; undefined for a 2xx. */
export function senderCondition(exchange: ProxyExchange): RetryCondition | undefined {
  const status = statusSeen(exchange);
  if (status === undefined) return exchange.senderLeftAfterMs !== undefined ? 'timeout' : undefined;
  return statusCondition(status);
}

/** The attempt in a few words: `503 in 4 ms`, `no answer; the sender left after 10002 ms`. */
export function describeAttempt(exchange: ProxyExchange): string {
  const status = statusSeen(exchange);
  const ms = (value: number) => `${Math.round(value)} ms`;
  if (status !== undefined) {
    const own = exchange.answer === undefined ? ' from the proxy: the target had none' : '';
    const location = exchange.answer?.headers.location;
    return `${status}${location !== undefined ? ` to ${location}` : ''}${own} in ${ms(exchange.durationMs ?? 0)}`;
  }
  if (exchange.senderLeftAfterMs !== undefined) {
    const late =
      exchange.answer !== undefined
        ? `, the target answered ${exchange.answer.status} after ${ms(exchange.durationMs ?? 0)}`
        : '';
    return `no answer; the sender left after ${ms(exchange.senderLeftAfterMs)}${late}`;
  }
  return 'still waiting';
}
