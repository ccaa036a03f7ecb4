import type { IncomingMessage } from 'node:http';
import type { FlightSignal } from './InFlight.js';

/** How a request's body ended when it did not arrive whole. */
export type UnreadBody =
  | 'left' /** the sender closed the connection first */
  | 'cut' /** the proxy was stopped first */
  | 'too-large' /** over the body limit: the rest was not kept */
  | 'too-slow'; /** not whole within the body timeout (the server answers 408) */

/**
 * Reads a request's body up to `limit` bytes: the bytes, or how it ended instead. Nothing past the
 * limit is kept, so a sender cannot make the proxy hold more than `limit` bytes per request; the rest
 * is read and dropped to its end (bounded by the body timeout), and only then is it `too-large`: an
 * answer while the sender is still writing would reach it only if the connection then stayed open.
 */
export function readRequestBody(
  req: IncomingMessage,
  limits: { readonly bytes: number; readonly timeoutMs: number },
  stop: FlightSignal,
): Promise<Buffer | UnreadBody> {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cut = () => resolve('cut');
    stop.once('abort', cut);
    req.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received <= limits.bytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => {
      stop.off('abort', cut);
      if (received > limits.bytes) resolve('too-large');
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on('close', () => {
      if (req.complete) return;
      // Node's request timeout closes a request that is still coming; a sender that left is quicker.
      const slow = performance.now() - started >= limits.timeoutMs * 0.9;
      resolve(slow ? 'too-slow' : 'left');
    });
  });
}
