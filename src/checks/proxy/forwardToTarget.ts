import type { Dispatcher } from 'undici';
import { forwardLargeBody } from './forwardLargeBody.js';
import { failureOf, readHead, type ForwardOutcome } from './forwardOutcome.js';
import type { FlightSignal } from './InFlight.js';
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
  return endToEndOf(normalizeHeaders(headers));
}

/** {@link endToEndHeaders} of headers normalised already (lower-case names, one text each). */
export function endToEndOf(all: Readonly<Record<string, string>>): Record<string, string> {
  const connection = all.connection;
  const named =
    connection === undefined || connection === '' || connection.toLowerCase() === 'keep-alive'
      ? undefined
      : new Set(connection.split(',').map((name) => name.trim().toLowerCase()));
  const out: Record<string, string> = {};
  for (const name in all)
    if (Object.hasOwn(all, name) && !HOP_BY_HOP.has(name) && named?.has(name) !== true)
      out[name] = all[name]!;
  return out;
}

/**
 * The target's path for a request path below the proxy's root: `/` is the target URL itself, `/x?b`
 * is the target's path + `/x`, with the target's own query first (`?token=t&b`).
 */
export function targetPath(target: URL, requestPath: string): string {
  const cut = requestPath.indexOf('?');
  const path = cut < 0 ? requestPath : requestPath.slice(0, cut);
  const ownQuery = cut < 0 ? '' : requestPath.slice(cut + 1);
  const query = [target.search.slice(1), ownQuery].filter(Boolean).join('&');
  const base = target.pathname.endsWith('/') ? target.pathname.slice(0, -1) : target.pathname;
  const joined = path === '/' || path === '' ? target.pathname : `${base}${path}`;
  return query === '' ? joined : `${joined}?${query}`;
}

/** A request as the proxy forwards it. */
export interface ForwardedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export type { ForwardOutcome } from './forwardOutcome.js';

/** Bodies larger than this go through node:http, which reads a target's early answer (see below). */
const LARGE_BODY_BYTES = 64 * 1024;

/**
 * Sends one request to the target unchanged (method, path below the root, end-to-end headers, the
 * exact body bytes) and resolves with its answer, or with why there is none. Never follows a redirect:
 * a 3xx is an answer like any other. `signal` cuts it short, the answer's last byte included: with a
 * {@link CutShort} of kind `deadline` (a target that dribbles its answer) or `stop` (the proxy stops);
 * `limits.ms` bounds each wait undici itself makes. At most `limits.keptBytes` of the answer are read
 * here; a larger one comes back with the rest still to read.
 *
 * A body over 64 KiB (no notification is) goes through node:http instead of undici: a target that
 * refuses it early (413) and closes makes undici fail with EPIPE, losing the target's answer, where
 * node:http still reads it.
 */
export async function forwardToTarget(
  dispatcher: Dispatcher,
  target: URL,
  request: ForwardedRequest,
  limits: { readonly ms: number; readonly keptBytes: number; readonly ca?: readonly string[] },
  signal?: FlightSignal,
): Promise<ForwardOutcome> {
  if (request.body.byteLength > LARGE_BODY_BYTES)
    return forwardLargeBody(target, request, limits, signal);
  try {
    const response = await dispatcher.request({
      origin: target.origin,
      path: targetPath(target, request.path),
      method: request.method,
      headers: request.headers,
      body: request.body.byteLength > 0 ? request.body : null,
      headersTimeout: limits.ms,
      bodyTimeout: limits.ms,
      ...(signal !== undefined ? { signal } : {}),
    });
    // The usual answer declares a length the proxy keeps whole: read at once, without an iterator.
    const declared = Number(response.headers['content-length'] ?? NaN);
    const { head, rest } =
      declared <= limits.keptBytes
        ? { head: Buffer.from(await response.body.arrayBuffer()), rest: undefined }
        : await readHead(response.body, limits.keptBytes);
    const headers = endToEndHeaders(response.headers);
    return {
      answer: { status: response.statusCode, headers, body: head },
      ...(rest ? { rest } : {}),
    };
  } catch (error) {
    return failureOf(error, signal, limits.ms);
  }
}
