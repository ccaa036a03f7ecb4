import { classifyError } from '../../ocs/classifyError.js';
import { CutShort, type FlightSignal } from './InFlight.js';
import type { ProxyAnswer } from './ProxyExchange.js';

/**
 * What came of forwarding: the target's answer, or why there is none and of which kind. An answer
 * larger than the proxy keeps comes with its first bytes as its body and `rest` to pass on as it comes.
 */
export type ForwardOutcome =
  | { readonly answer: ProxyAnswer; readonly rest?: AsyncIterator<Buffer> }
  | {
      readonly failure: string;
      /** Could not reach it; no (whole) answer in time; cut short because the proxy was stopped. */
      readonly kind: 'unreachable' | 'timeout' | 'cut';
    };

/** The first `kept` bytes of a body (all of it when it is no longer), and the rest still to read. */
export async function readHead(
  body: AsyncIterable<Buffer>,
  kept: number,
): Promise<{ head: Buffer; rest?: AsyncIterator<Buffer> }> {
  const iterator = body[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return { head: Buffer.concat(chunks, size) };
    chunks.push(next.value);
    size += next.value.byteLength;
    if (size > kept) return { head: Buffer.concat(chunks, size), rest: iterator };
  }
}

/** Why forwarding failed: cut short by a stop, no answer in time (a deadline too), or unreachable. */
export function failureOf(
  error: unknown,
  signal: FlightSignal | undefined,
  limitMs: number,
): ForwardOutcome {
  const cut = signal?.aborted === true ? signal.reason : undefined;
  if (cut instanceof CutShort && cut.kind === 'stop')
    return { failure: `cut short: ${cut.message}`, kind: 'cut' };
  const { code } = error as NodeJS.ErrnoException;
  if (cut !== undefined || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return { failure: `no answer within ${limitMs} ms`, kind: 'timeout' };
  return { failure: classifyError(error, false, limitMs / 1000).reason, kind: 'unreachable' };
}
