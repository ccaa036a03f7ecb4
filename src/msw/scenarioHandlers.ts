import { createRequire } from 'node:module';
import { http, HttpResponse, type RequestHandler } from 'msw';
import type { ScenarioSession } from '../scenarios/createScenarioSession.js';
import type { PlayRequest } from '../scenarios/ScenarioPlay.js';
import { normalizeHeaders } from '../message/validateNotificationRequest.js';
import { interceptedVia } from './interceptedVia.js';

/**
 * Whether msw follows a 3xx itself: msw 3 intercepts at the socket, so fetch follows the redirect on
 * its own (the follow reaches the session as a request for the redirect target) and `request.redirect`
 * reads 'follow' whatever fetch was given. msw 2 hands fetch's own redirect mode to the handler and
 * turns a follow into a network error, so there the session infers a fetch's follow from the mode.
 * A node:http client (axios, got, node-fetch, superagent) follows a 3xx itself under either: its
 * follow is the request it makes for the redirect target, never a mode (msw 2 gives its request
 * fetch's default 'follow', whatever the client does).
 */
const MSW_FOLLOWS_REDIRECTS =
  Number(
    String(
      (createRequire(import.meta.url)('msw/package.json') as { version: string }).version,
    ).split('.')[0],
  ) >= 3;

/** Lower-case header names, as the session records them. */
function headersOf(request: Request, bodyLength: number): Record<string, string> {
  const headers = normalizeHeaders(request.headers);
  // In-process there is no wire: fetch computes Content-Length only when it writes to a socket.
  if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined)
    headers['content-length'] = String(bodyLength);
  return headers;
}

/**
 * The scenario session as MSW request handlers, for a sender built on fetch or node:http tested
 * in-process under `msw/node`: a thin adapter around {@link ScenarioSession.handle}. A dropped
 * connection becomes `HttpResponse.error()`. Under msw 2, a fetch request made with fetch's default
 * `redirect: 'follow'` that meets a 3xx is recorded as following it — as fetch does on a real socket —
 * and answered with the redirect target's 200, so the judge names the follow instead of msw's network
 * error; under msw 3 fetch follows by itself and the follow is seen as it is on a socket. A node:http
 * client gets the 3xx as it would on a socket, and is judged by what it does with it.
 *
 * @example
 * const session = createScenarioSession({ baseUrl: 'http://crm.test/ocs', responseTimeout: 1, retryMaxAttempts: 2 });
 * const server = setupServer(...scenarioHandlers(session));
 */
export function scenarioHandlers(session: ScenarioSession): RequestHandler[] {
  return [
    http.all(
      ({ request }) => session.serves(request.url),
      async ({ request }) => {
        const via = interceptedVia(request);
        const body = new Uint8Array(await request.arrayBuffer());
        const played: PlayRequest = {
          method: request.method,
          url: request.url,
          headers: headersOf(request, body.byteLength),
          body,
          signal: request.signal,
          ...(MSW_FOLLOWS_REDIRECTS || via !== 'fetch' ? {} : { redirect: request.redirect }),
          ...(via === 'node:http' ? { viaNodeHttp: true } : {}),
        };
        const action = await session.handle(played);
        if (action.kind === 'drop') return HttpResponse.error();
        return new HttpResponse(action.body, { status: action.status, headers: action.headers });
      },
    ),
  ];
}
