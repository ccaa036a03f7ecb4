import { toRecordedExchange } from '../../record/RecordedExchange.js';
import type { Exchange } from '../receiver/Exchange.js';
import { shownHeaders, type ExchangeView } from '../receiver/exchangeTimeline.js';

/**
 * One exchange as a line of a recording (`--record` of `proxy` and `receive`), which `cpn-kit replay
 * FILE --uri URL` sends again: the request's body byte for byte, the headers as sent (those given to
 * the check hidden: replay sends no recorded header anyway), the answer as far as the check kept it.
 */
export function recordingLine(exchange: Exchange, guid: string, sentAt: Date, view: ExchangeView) {
  const url = new URL(exchange.url);
  const { request } = exchange;
  const recorded = toRecordedExchange({
    receivedAt: sentAt,
    guid,
    attempt: 1,
    request: {
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers: shownHeaders(
        { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        view,
      ),
      body: Buffer.from(request.body, 'utf8'),
    },
    ...(exchange.status !== undefined
      ? {
          answer: {
            status: exchange.status,
            headers: { ...exchange.headers },
            body: Buffer.from(exchange.body ?? '', 'utf8'),
          },
        }
      : { failure: exchange.failure?.kind === 'timeout' ? 'no answer' : exchange.failure?.text }),
    durationMs: exchange.durationMs,
  });
  return JSON.stringify(recorded);
}
