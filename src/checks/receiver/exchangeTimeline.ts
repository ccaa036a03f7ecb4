import { statusClass } from '../../report/answerClassOf.js';
import type { AnswerClass, ExchangeRecord, Timeline } from '../../report/Report.js';
import { exchangeBody } from '../../report/exchangeBody.js';
import type { Exchange } from './Exchange.js';

/** How a check's exchanges are shown in its report. */
export interface ExchangeView {
  readonly timeoutSeconds: number;
  /**
   * Lower-case names of the headers whose values stay out of reports: the static headers given to
   * the check (`--header`), usually a token.
   */
  readonly hidden: ReadonlySet<string>;
}

/** What a report writes in place of a hidden header's value. */
export const HIDDEN_VALUE = '***';

/** The request's headers as sent (Content-Length included), hidden values replaced. */
export function shownHeaders(
  headers: Readonly<Record<string, string>>,
  view: ExchangeView,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      view.hidden.has(name.toLowerCase()) ? HIDDEN_VALUE : value,
    ]),
  );
}

/** What came back, in a few words: `answered 201`, `no answer within 2 s`, `connection refused`. */
function outcomeOf(e: Exchange, timeoutSeconds: number): string {
  if (e.status !== undefined) return `answered ${e.status}`;
  if (e.failure?.kind === 'timeout') return `no answer within ${timeoutSeconds} s`;
  return e.failure?.text ?? 'no answer';
}

/** What came back: the answer's status class; none at the timeout; a connection that failed. */
function answerClassOf(e: Exchange): AnswerClass {
  if (e.status !== undefined) return statusClass(e.status);
  return e.failure === undefined || e.failure.kind === 'timeout'
    ? 'no-answer'
    : 'connection-failed';
}

/** One exchange of a check as a report shows it, `ok` as judged by the caller. */
function exchangeRecord(
  e: Exchange,
  first: number,
  ok: boolean,
  view: ExchangeView,
): ExchangeRecord {
  const { request } = e;
  const sent = { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
  return {
    label: e.label,
    startMs: e.startedAt - first,
    // A request aborted at the response timeout has no duration of its own: drawn as "no answer".
    ...(e.failure?.kind === 'timeout' ? {} : { durationMs: e.durationMs }),
    outcome: outcomeOf(e, view.timeoutSeconds),
    ok,
    answerClass: answerClassOf(e),
    request: {
      method: request.method,
      url: e.url,
      headers: shownHeaders(sent, view),
      ...(request.body !== '' ? { body: exchangeBody(Buffer.from(request.body)) } : {}),
    },
    ...(e.status !== undefined
      ? {
          answer: {
            status: e.status,
            headers: { ...e.headers },
            ...(e.body ? { body: e.body } : {}),
          },
        }
      : {}),
  };
}

/**
 * The exchanges behind a receiver finding as a report timeline against the response timeout, in the
 * order they were sent, from the first one's start: each request as sent (the static headers'
 * values hidden) and the answer got (its first 2 KiB) with its class, the verdict as `ok` says.
 */
export function exchangeTimeline(
  exchanges: readonly Exchange[],
  ok: (e: Exchange) => boolean,
  view: ExchangeView,
): Timeline {
  const sorted = [...exchanges].sort((a, b) => a.startedAt - b.startedAt);
  const first = sorted[0]?.startedAt ?? 0;
  return {
    limitMs: view.timeoutSeconds * 1000,
    exchanges: sorted.map((e) => exchangeRecord(e, first, ok(e), view)),
  };
}
