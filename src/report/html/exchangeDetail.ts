import { answerClassOf } from '../answerClassOf.js';
import type { AnswerClass, ExchangeMessage, ExchangeRecord } from '../Report.js';
import { answerWords } from './answerColors.js';
import { capText } from './capText.js';
import { formatMs } from './formatMs.js';
import { verdictWords } from './verdictMark.js';

/** A request or an answer as the page's detail panel shows it: its first line, headers and body. */
export interface MessageDetail {
  readonly firstLine: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string;
  /** Set when the body was cut to the page's limit. */
  readonly bodyNote?: string;
}

/** One exchange as the page embeds it (as JSON) for its detail panel. */
export interface ExchangeDetail {
  readonly label: string;
  /** `started at 0 ms, answered after 12 ms`, or `started at 0 ms, no answer`. */
  readonly timing: string;
  readonly outcome: string;
  readonly ok: boolean;
  readonly answerClass: AnswerClass;
  /** What came back and the verdict, in words: `answer: 5xx answer · verdict: as it should be`. */
  readonly verdictLine: string;
  readonly request?: MessageDetail;
  readonly answer?: MessageDetail;
}

function messageDetail(firstLine: string, message: ExchangeMessage, bodyBytes: number) {
  const detail: MessageDetail = {
    firstLine,
    headers: Object.entries(message.headers).map(([name, value]) => [name, String(value)] as const),
  };
  if (message.body === undefined) return detail;
  const body = capText(message.body, bodyBytes);
  return {
    ...detail,
    body: body.text,
    ...(body.note === undefined ? {} : { bodyNote: body.note }),
  };
}

/** The exchange's request and answer, bodies cut to `bodyBytes` UTF-8 bytes each. */
export function exchangeDetail(exchange: ExchangeRecord, bodyBytes: number): ExchangeDetail {
  const until =
    exchange.durationMs === undefined
      ? exchange.answer === undefined
        ? 'no answer'
        : 'duration unknown'
      : `${exchange.answer === undefined ? 'ended' : 'answered'} after ${formatMs(exchange.durationMs)}`;
  const { request, answer } = exchange;
  const answerClass = answerClassOf(exchange);
  const verdict = verdictWords[exchange.ok ? 'ok' : 'bad'];
  return {
    label: exchange.label,
    timing: `started at ${formatMs(exchange.startMs)}, ${until}`,
    outcome: exchange.outcome,
    ok: exchange.ok,
    answerClass,
    verdictLine: `answer: ${answerWords[answerClass]} · verdict: ${verdict}`,
    ...(request === undefined
      ? {}
      : { request: messageDetail(`${request.method} ${request.url}`, request, bodyBytes) }),
    ...(answer === undefined
      ? {}
      : { answer: messageDetail(`HTTP ${answer.status}`, answer, bodyBytes) }),
  };
}
