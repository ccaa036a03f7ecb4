import fc from 'fast-check';
import { is2xx, type Exchange } from '../receiver/Exchange.js';
import { asOcs } from '../receiver/probeChecks.js';
import { sendExchange, type ReceiverTarget } from '../receiver/sendExchange.js';
import { answeredAsExpected } from '../receiver/withExchanges.js';
import type { ExploreProperty } from './exploreProperties.js';
import type { Probe } from './Probe.js';

/**
 * The most further requests shrinking a failure may send: past them, the smallest failing body found
 * so far is the one reported (and the finding says shrinking stopped there).
 */
export const SHRINK_REQUESTS = 100;

/** How one property is explored: where, with which seed, how many runs, for how long at most. */
export interface PropertyRun {
  readonly target: ReceiverTarget;
  readonly seed: number;
  readonly runs: number;
  /** This property's share of the time limit, in ms. */
  readonly timeMs: number;
}

/** The smallest failure of a property: the probe, what came back, and how it was found. */
export interface ExploreFailure {
  readonly probe: Probe;
  readonly exchange: Exchange;
  /** When the request was sent. */
  readonly sentAt: Date;
  /** True when the same body had been acknowledged earlier in the run: this was a retry of it. */
  readonly resent: boolean;
  /** fast-check's path to it: with the seed, it replays exactly this counterexample. */
  readonly path: string;
  /** The run that first failed (1 for the first). */
  readonly foundAtRun: number;
  /** Requests sent after the first failure, shrinking it. */
  readonly shrinkRequests: number;
  /** False when shrinking stopped at {@link SHRINK_REQUESTS} or at the time limit. */
  readonly shrunkFully: boolean;
}

/** What exploring one property came to. */
export interface PropertyOutcome {
  readonly property: ExploreProperty;
  readonly seed: number;
  /** Runs (generated requests before any shrinking) done, and asked for. */
  readonly runs: number;
  readonly runsAsked: number;
  /** Every request sent, shrinking included. */
  readonly requests: number;
  readonly durationMs: number;
  /** True when the time limit ended it before its runs were done. */
  readonly cutByTime: boolean;
  readonly failure?: ExploreFailure;
}

/**
 * Explores one property against the receiver with fast-check: `runs` generated requests, one at a
 * time, each judged as it comes; the first one answered wrongly is shrunk to the smallest body that
 * is still answered wrongly, with at most {@link SHRINK_REQUESTS} further requests. The same seed
 * sends the same requests in the same order to a receiver that answers the same way.
 */
export async function exploreProperty(
  property: ExploreProperty,
  run: PropertyRun,
): Promise<PropertyOutcome> {
  const started = performance.now();
  const ok = answeredAsExpected({ validMessages: property.expect === 'acknowledged' });
  const label = `explore: ${property.id}`;
  let requests = 0;
  let firstFailure: number | undefined;
  let smallest: Pick<ExploreFailure, 'probe' | 'exchange' | 'sentAt' | 'resent'> | undefined;
  // A body generated again is sent again, as OCS resends a notification: the ETag names the body.
  const acknowledged = new Set<string>();
  let budgetSpent = false;
  const predicate = async (probe: Probe): Promise<boolean> => {
    if (run.target.signal?.aborted) return true;
    if (firstFailure !== undefined && requests - firstFailure >= SHRINK_REQUESTS) {
      budgetSpent = true;
      return true;
    }
    const sentAt = new Date();
    const request = asOcs(run.target.headers, probe.body, probe.etag);
    const exchange = await sendExchange(run.target, label, request);
    requests += 1;
    const resent = acknowledged.has(probe.etag);
    if (is2xx(exchange)) acknowledged.add(probe.etag);
    if (ok(exchange)) return true;
    firstFailure ??= requests;
    smallest = { probe, exchange, sentAt, resent };
    return false;
  };
  const details = await fc.check(fc.asyncProperty(property.probes, predicate), {
    seed: run.seed,
    numRuns: run.runs,
    interruptAfterTimeLimit: run.timeMs,
    markInterruptAsFailure: false,
  });
  const base = {
    property,
    seed: run.seed,
    runsAsked: run.runs,
    requests,
    durationMs: performance.now() - started,
  };
  if (!details.failed) return { ...base, runs: details.numRuns, cutByTime: details.interrupted };
  const shrinkRequests = requests - firstFailure!;
  return {
    ...base,
    runs: details.numRuns,
    cutByTime: false,
    failure: {
      ...smallest!,
      path: details.counterexamplePath ?? '',
      foundAtRun: details.numRuns,
      shrinkRequests,
      shrunkFully: !budgetSpent && !details.interrupted,
    },
  };
}
