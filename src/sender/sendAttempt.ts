import type { Dispatcher } from 'undici';

/** One attempt's outcome: an HTTP status, or the error and whether the response timeout caused it. */
export type AttemptOutcome =
  | { readonly status: number }
  | { readonly status?: undefined; readonly error: unknown; readonly timedOut: boolean };

/** What one attempt needs: where, the request, and the response timeout. */
export interface AttemptRequest {
  readonly dispatcher: Dispatcher;
  readonly origin: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly timeoutMs: number;
}

/**
 * Sends one request and reads its whole response. The response timeout runs from when the request is
 * handed to a connection until the whole response is read; it aborts through undici's dispatch
 * controller (an AbortSignal per request costs a third of the throughput). Never rejects.
 */
export function sendAttempt(request: AttemptRequest): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    let status = 0;
    let settled = false;
    const settle = (value: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    try {
      request.dispatcher.dispatch(
        {
          origin: request.origin,
          path: request.path,
          method: 'POST',
          headers: { ...request.headers },
          body: request.body,
        },
        {
          onRequestStart(controller) {
            timer ??= setTimeout(() => {
              timedOut = true;
              controller.abort(new Error('response timeout'));
            }, request.timeoutMs);
          },
          onResponseStart(_controller, statusCode) {
            status = statusCode;
          },
          onResponseData() {},
          onResponseEnd() {
            settle({ status });
          },
          onResponseError(_controller, error) {
            settle({ error, timedOut });
          },
        },
      );
    } catch (error) {
      settle({ error, timedOut: false });
    }
  });
}
