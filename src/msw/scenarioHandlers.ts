import { http, HttpResponse, type RequestHandler } from 'msw';
import type { ScenarioSession } from '../scenarios/createScenarioSession.js';
import type { PlayRequest } from '../scenarios/ScenarioPlay.js';

/** Lower-case header names, as the session records them. */
function headersOf(request: Request, bodyLength: number): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // In-process there is no wire: fetch computes Content-Length only when it writes to a socket.
  if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) headers['content-length'] = String(bodyLength);
  return headers;
}

/**
 * The scenario session as MSW request handlers, for a sender built on fetch or node:http tested
 * in-process under `msw/node`: a thin adapter around {@link ScenarioSession.handle}. A dropped
 * connection becomes `HttpResponse.error()`. A request made with fetch's default `redirect: 'follow'`
 * that meets a 3xx is recorded as following it — as fetch does on a real socket — and answered with
 * the redirect target's 200, so the judge names the follow instead of msw's network error.
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
        const body = new Uint8Array(await request.arrayBuffer());
        const played: PlayRequest = {
          method: request.method,
          url: request.url,
          headers: headersOf(request, body.byteLength),
          body,
          signal: request.signal,
          redirect: request.redirect,
        };
        const action = await session.handle(played);
        if (action.kind === 'drop') return HttpResponse.error();
        return new HttpResponse(action.body, { status: action.status, headers: action.headers });
      },
    ),
  ];
}
