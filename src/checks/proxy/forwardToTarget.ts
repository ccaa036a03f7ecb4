import type { Dispatcher } from 'undici';
import { classifyError } from '../../sender/classifyError.js';
import { CutShort, type FlightSignal } from './InFlight.js';
import type { ProxyAnswer } from './ProxyExchange.js';
import { normalizeHeaders, type HeadersLike } from '../../message/validateNotificationRequest.js';

/** Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1), and the Host (the target's own). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/** The headers to pass on: all but the hop-by-hop ones and those the Connection header names. */
export function endToEndHeaders(headers: HeadersLike): Record<string, string> {
  const all = normalizeHeaders(headers);
  const named = new Set((all.connection ?? '').split(',').map((name) => name.trim().toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(all))
    if (!HOP_BY_HOP.has(name) && !named.has(name)) out[name] = value;
  return out;
}

/** The target's path for a request path below the proxy's root: `/` is the target URL itself. */
export function targetPath(target: URL, requestPath: string): string {
  const query = target.search;
  if (requestPath === '/' || requestPath === '') return `${target.pathname}${query}`;
  const base = target.pathname.endsWith('/') ? target.pathname.slice(0, -1) : target.pathname;
  return `${base}${requestPath}`;
}

/** What came of forwarding: the target's answer, or why there is none and of which kind. */
export type ForwardOutcome =
  | { readonly answer: ProxyAnswer }
  | {
      readonly failure: string;
      /** Could not reach it; no (whole) answer in time; cut short because the proxy was stopped. */
      readonly kind: 'unreachable' | 'timeout' | 'cut';
    };

/**
 * Sends one request to the target unchanged (method, path below the root, end-to-end headers, the
 * exact body bytes) and resolves with its answer, or with why there is none. Never follows a redirect:
 * a 3xx is an answer like any other. `signal` cuts it short, the answer's last byte included: with a
 * {@link CutShort} of kind `deadline` (a target that dribbles its answer) or `stop` (the proxy stops);
 * `limitMs` bounds each wait undici itself makes.
 */
export async function forwardToTarget(
  dispatcher: Dispatcher,
  target: URL,
  request: { method: string; path: string; headers: Record<string, string>; body: Buffer },
  limitMs: number,
  signal?: FlightSignal,
): Promise<ForwardOutcome> {
  try {
    const response = await dispatcher.request({
      origin: target.origin,
      path: targetPath(target, request.path),
      method: request.method,
      headers: request.headers,
      body: request.body.byteLength > 0 ? request.body : null,
      headersTimeout: limitMs,
      bodyTimeout: limitMs,
      ...(signal !== undefined ? { signal } : {}),
    });
    const body = Buffer.from(await response.body.arrayBuffer());
    return {
      answer: { status: response.statusCode, headers: endToEndHeaders(response.headers), body },
    };
  } catch (error) {
    const cut = signal?.aborted === true ? signal.reason : undefined;
    if (cut instanceof CutShort && cut.kind === 'stop')
      return { failure: `cut short: ${cut.message}`, kind: 'cut' };
    const { code } = error as NodeJS.ErrnoException;
    if (cut !== undefined || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
      return { failure: `no answer within ${limitMs} ms`, kind: 'timeout' };
    return { failure: classifyError(error, false, limitMs / 1000).reason, kind: 'unreachable' };
  }
}
