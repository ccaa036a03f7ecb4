/** One request the check sends to the receiver. */
export interface OutgoingRequest {
  readonly method: string;
  /** Header names as sent. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Why a request got no HTTP answer. */
export type ExchangeFailure =
  | { readonly kind: 'timeout' }
  | { readonly kind: 'refused' | 'reset' | 'tls' | 'other'; readonly text: string };

/** One request and what came back, as the check saw it. Times in ms. */
export interface Exchange {
  /** What was sent, naming its check: `a retried notification: first delivery`, `contract: an sms notification`. */
  readonly label: string;
  readonly url: string;
  readonly request: OutgoingRequest;
  /** Since the check started. */
  readonly startedAt: number;
  /** Until the answer (or the failure), less any time the request waited for a socket in the check's own queue. */
  readonly durationMs: number;
  /** The check's own event-loop lag while the request was under way (ms), when there was any. */
  readonly lagMs?: number;
  /** The receiver's status; absent when it gave no HTTP answer (see `failure`). */
  readonly status?: number;
  /** Response headers, lower-case names. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The start of the answer's body (a few KB), for the reports. */
  readonly body?: string;
  readonly failure?: ExchangeFailure;
}

export const is2xx = (e: Exchange) => e.status !== undefined && e.status >= 200 && e.status < 300;
export const is3xx = (e: Exchange) => e.status !== undefined && e.status >= 300 && e.status < 400;
/** 429 Too Many Requests: a rate limit, whatever the body was. */
export const isRateLimited = (e: Exchange) => e.status === 429;

/** The one wording of a missed response timeout, everywhere. */
export const noAnswerWithin = (timeoutSeconds: number) =>
  `no answer within the response timeout (${timeoutSeconds} s)`;

/**
 * What came back, in a few words: `HTTP 200 in 4 ms`, `HTTP 302 with Location /login`, `no answer
 * within the response timeout (2 s)`.
 */
export function describeExchange(e: Exchange, timeoutSeconds: number): string {
  if (e.failure !== undefined)
    return e.failure.kind === 'timeout' ? noAnswerWithin(timeoutSeconds) : e.failure.text;
  const location = e.headers?.location;
  if (is3xx(e))
    return `HTTP ${e.status}${location !== undefined ? ` with Location ${location}` : ' without a Location'}`;
  return `HTTP ${e.status} in ${Math.round(e.durationMs)} ms`;
}
