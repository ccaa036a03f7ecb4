import type { IncomingMessage } from 'node:http';

/** The body as it arrived, or that it went over the limit. */
export type BodyRead =
  { readonly kind: 'body'; readonly bytes: Buffer } | { readonly kind: 'too-large' };

/**
 * Reads a request body up to `limit` bytes and calls `done` once: with the bytes, or as soon as the
 * body is known to be over the limit (the rest is not kept). A request that breaks off calls nothing;
 * the server's request timeout ends a body that never completes.
 */
export function readBody(
  request: IncomingMessage,
  limit: number,
  done: (read: BodyRead) => void,
): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let over = false;
  request.on('data', (chunk: Buffer) => {
    if (over) return;
    received += chunk.byteLength;
    if (received > limit) {
      over = true;
      chunks.length = 0;
      done({ kind: 'too-large' });
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (!over)
      done({
        kind: 'body',
        bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received),
      });
  });
}
