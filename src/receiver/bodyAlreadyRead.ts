import type { IncomingMessage } from 'node:http';

/** A body a framework already read: the bytes to judge, or the stream consumed with nothing handed over. */
export type ReadBody = BodyBytes | { readonly kind: 'consumed' } | { readonly kind: 'unread' };

/** Bytes to judge; `reserialized` when they were written again from a parsed object. */
export interface BodyBytes {
  readonly kind: 'bytes';
  readonly bytes: Buffer;
  readonly reserialized: boolean;
}

/** What a framework left on the request: Express's `req.body`, the `rawBody` a verify hook or plugin keeps. */
interface FrameworkRequest {
  readonly body?: unknown;
  readonly rawBody?: unknown;
}

function bytesOf(value: unknown): BodyBytes | undefined {
  if (Buffer.isBuffer(value)) return { kind: 'bytes', bytes: value, reserialized: false };
  if (value instanceof Uint8Array)
    return {
      kind: 'bytes',
      bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength),
      reserialized: false,
    };
  if (typeof value === 'string')
    return { kind: 'bytes', bytes: Buffer.from(value, 'utf8'), reserialized: false };
  // A parsed body: judged as its JSON. The bytes OCS sent are gone, so it is written out again.
  if (value !== null && typeof value === 'object')
    return { kind: 'bytes', bytes: Buffer.from(JSON.stringify(value), 'utf8'), reserialized: true };
  return undefined;
}

/**
 * The body of a request that a framework may already have read: the one handed over (raw bytes or
 * text first, a parsed object otherwise; Express's `next` function is not a body), else `rawBody` or
 * `body` left on the request, else the stream itself when nobody read it. A stream that was read with
 * nothing left behind is `consumed`: the receiver cannot judge it and says so at once.
 */
export function bodyAlreadyRead(request: IncomingMessage, given: unknown): ReadBody {
  const handed = typeof given === 'function' ? undefined : bytesOf(given);
  if (handed !== undefined) return handed;
  const left = request as IncomingMessage & FrameworkRequest;
  const raw = bytesOf(left.rawBody);
  if (raw !== undefined && !raw.reserialized) return raw;
  if (!request.readableEnded) return { kind: 'unread' };
  return bytesOf(left.body) ?? { kind: 'consumed' };
}
