import type { IncomingMessage } from 'node:http';

/** A request the proxy answers itself, without forwarding it: the status, and why in words. */
export interface ProxyRefusal {
  readonly status: number;
  readonly why: string;
}

/** `..` or `.` as a path segment, written plainly or percent-encoded (`%2e%2e`). */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|\?|#|$)/i;

/**
 * What the proxy refuses before reading a body: a path with dot segments (forwarded raw below the
 * target's path it could reach outside it: 400) and a body declared over the limit (413, without
 * reading it).
 */
export function refuseBeforeForwarding(
  req: IncomingMessage,
  bodyLimit: number,
): ProxyRefusal | undefined {
  const path = req.url ?? '/';
  if ((path.includes('.') || path.includes('%')) && DOT_SEGMENT.test(path.split('?')[0]!))
    return {
      status: 400,
      why: `the path ${JSON.stringify(path.slice(0, 200))} has a dot segment (. or ..), which could reach outside the target's path: refused, not forwarded`,
    };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > bodyLimit) return bodyTooLarge(bodyLimit, declared);
  return undefined;
}

/** The refusal of a body over the limit (declared, or found while reading). */
export function bodyTooLarge(bodyLimit: number, declared?: number): ProxyRefusal {
  const size = declared === undefined ? 'the body' : `the body (${declared} bytes declared)`;
  return {
    status: 413,
    why: `${size} is over the proxy's body limit of ${bodyLimit} bytes: answered 413 itself, not forwarded`,
  };
}
