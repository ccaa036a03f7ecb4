import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ProxyAnswer, ProxyExchange } from './ProxyExchange.js';
import { recordedExchange } from './recordedExchange.js';
import type { RelayContext } from './relayExchange.js';

/** Resolves when the sender has taken what was written, or has gone. */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/**
 * Passes on an answer larger than the proxy keeps: its first bytes (already read), then the rest as
 * it comes, hashing every byte; then records it as its size and hash, and judges it. Such an answer
 * is recorded once it has gone out whole (its hash is known only then). An answer that breaks off
 * ends the sender's connection too, and is recorded with why.
 */
export async function passOn(
  exchange: ProxyExchange,
  answer: ProxyAnswer,
  rest: AsyncIterator<Buffer>,
  res: ServerResponse,
  { context, attempt }: { readonly context: RelayContext; readonly attempt: number },
): Promise<void> {
  const hash = createHash('sha256').update(answer.body);
  let size = answer.body.byteLength;
  res.writeHead(answer.status, answer.headers);
  res.write(answer.body);
  try {
    for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
      hash.update(next.value);
      size += next.value.byteLength;
      if (!res.write(next.value)) await drainedOrClosed(res);
      if (res.destroyed) throw new Error('the sender closed the connection');
    }
    res.end();
  } catch (error) {
    exchange.targetFailure = `the answer broke off after ${size} bytes (${(error as Error).message})`;
    res.destroy();
    await rest.return?.();
  }
  answer.whole = { size, sha256: hash.digest('hex') };
  exchange.durationMs = performance.now() - exchange.startedAt;
  context.record?.write(recordedExchange(exchange, attempt));
  context.tracker.finished(exchange);
}
