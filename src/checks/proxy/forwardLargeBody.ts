import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { receiverTlsOptions } from '../../http/receiverTls.js';
import { endToEndHeaders, targetPath, type ForwardedRequest } from './forwardToTarget.js';
import { failureOf, readHead, type ForwardOutcome } from './forwardOutcome.js';
import type { FlightSignal } from './InFlight.js';

/** How long an answer may still come after the target closed under the body being sent. */
const EARLY_ANSWER_GRACE_MS = 250;

/** The target's answer, even one it gave before the whole body was sent (then closing under it). */
function answerOf(
  target: URL,
  request: ForwardedRequest,
  limits: { readonly ms: number; readonly ca?: readonly string[] },
  signal: FlightSignal | undefined,
): Promise<IncomingMessage> {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, {
      method: request.method,
      path: targetPath(target, request.path),
      headers: request.headers,
      agent: false,
      timeout: limits.ms,
      ...(target.protocol === 'https:' ? receiverTlsOptions(limits.ca) : {}),
    });
    const cut = () => req.destroy(new Error(signal?.reason?.message ?? 'cut short'));
    signal?.once('abort', cut);
    req.once('response', (response) => {
      signal?.off('abort', cut);
      resolve(response);
    });
    req.once('timeout', () =>
      req.destroy(Object.assign(new Error('no answer'), { code: 'UND_ERR_HEADERS_TIMEOUT' })),
    );
    // A write error (EPIPE) may come before the early answer the target sent: give that a moment.
    req.once('error', (error) => setTimeout(() => reject(error), EARLY_ANSWER_GRACE_MS));
    req.end(request.body);
  });
}

/**
 * Forwards a request with a large body through node:http(s), one connection each: a target that
 * answers before it has read the whole body (413, then closing) has its answer relayed, where undici
 * would fail with EPIPE. Cut short, bounded and kept as {@link forwardToTarget} does.
 */
export async function forwardLargeBody(
  target: URL,
  request: ForwardedRequest,
  limits: { readonly ms: number; readonly keptBytes: number; readonly ca?: readonly string[] },
  signal?: FlightSignal,
): Promise<ForwardOutcome> {
  try {
    const response = await answerOf(target, request, limits, signal);
    const cut = () => response.destroy(new Error(signal?.reason?.message ?? 'cut short'));
    signal?.once('abort', cut);
    const { head, rest } = await readHead(response, limits.keptBytes);
    if (rest === undefined) signal?.off('abort', cut);
    const headers = endToEndHeaders(response.headers);
    return {
      answer: { status: response.statusCode ?? 0, headers, body: head },
      ...(rest ? { rest } : {}),
    };
  } catch (error) {
    const outcome = failureOf(error, signal, limits.ms);
    const { code } = error as NodeJS.ErrnoException;
    if (!('failure' in outcome) || (code !== 'EPIPE' && code !== 'ECONNRESET')) return outcome;
    return {
      ...outcome,
      failure: `${outcome.failure}: the target closed the connection while the ${request.body.byteLength}-byte body was being sent; it may have refused it early (a body limit?), but no answer reached the proxy`,
    };
  }
}
