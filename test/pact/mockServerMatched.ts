/**
 * Waits until Pact's mock server on `port` has recorded a match for every expected request.
 *
 * Why: the Rust mock server answers the client before it records the match (an upstream race,
 * pact-foundation/pact-reference#535 and pact-foundation/pact-core-mock-server#13). Under CPU load
 * — two vitest workers on two cores — `executeTest` can then read "expected but not received" for
 * a request the client already saw answered, and the pact file misses that interaction. Polling the
 * same FFI call `executeTest` makes, bounded in time, closes the window; when the match never comes
 * (a real mismatch), this returns after `timeoutMs` and `executeTest` reports it as usual.
 */
import { makeConsumerPact } from '@pact-foundation/pact-core';
import { setTimeout as sleep } from 'node:timers/promises';

// The FFI keeps mock servers in one process-wide table keyed by port; any handle can ask about any port.
let probe: ReturnType<typeof makeConsumerPact> | undefined;

export async function mockServerMatched(port: number, timeoutMs = 2_000): Promise<boolean> {
  probe ??= makeConsumerPact('cpn-kit-test-probe', 'cpn-kit-test-probe', undefined, 'error');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (probe.mockServerMatchedSuccessfully(port)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(5);
  }
}
