import { setTimeout as delay } from 'node:timers/promises';
import type { CountReading } from '../../receiver/readHandledCount.js';

/** How often a count of 0 is read again while an acknowledged notification may still be handled. */
const SETTLE_POLL_MS = 100;

/** How the exactly-once checks read a count: the source, and how long the receiver may take. */
export interface Counter {
  /** How many times the receiver handled `guid` (whose body, as sent, is `body`). */
  readonly read: (guid: string, body: string) => Promise<CountReading>;
  readonly timeoutSeconds: number;
  readonly signal?: AbortSignal;
}

/** Waits `ms` (at once when it is not positive), or until `signal` aborts; never rejects. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted === true) return;
  await delay(ms, undefined, signal !== undefined ? { signal } : {}).catch(() => undefined);
}

/**
 * How many times `guid` was handled, once the receiver is done with it: read at `notBefore`
 * (performance.now(); a delivery the check gave up on may still be under way until then), and for an
 * acknowledged notification that reads 0, read again until it is handled or the response timeout has
 * passed (a receiver may acknowledge first and handle from a queue).
 */
export async function settledCount(
  counter: Counter,
  guid: string,
  body: string,
  when: { readonly notBefore?: number; readonly acknowledged: boolean },
): Promise<CountReading> {
  await pause((when.notBefore ?? 0) - performance.now(), counter.signal);
  const deadline = performance.now() + counter.timeoutSeconds * 1000;
  let reading = await counter.read(guid, body);
  while (
    when.acknowledged &&
    'count' in reading &&
    reading.count === 0 &&
    performance.now() < deadline &&
    counter.signal?.aborted !== true
  ) {
    await pause(SETTLE_POLL_MS, counter.signal);
    reading = await counter.read(guid, body);
  }
  return reading;
}
