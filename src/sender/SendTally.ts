import type { SendResult } from './createSender.js';

/** What a batch did. */
export interface SendSummary {
  readonly total: number;
  readonly delivered: number;
  readonly failed: number;
  /** Requests made, retries included. */
  readonly attempts: number;
  /** Final statuses by code (`'none'` when no response came). */
  readonly statusCounts: Readonly<Record<string, number>>;
  /** Per-notification latency (all attempts), ms. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly durationMs: number;
  /** Notifications per second. */
  readonly ratePerSecond: number;
  /** The first failures (at most 20), with reasons. */
  readonly failures: readonly { readonly guid: string; readonly reason: string }[];
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

/** What a batch has done so far, and its summary: totals, final statuses, latency percentiles, the first failures. */
export class SendTally {
  readonly latencies: Float64Array;
  readonly statusCounts: Record<string, number> = {};
  readonly failures: { guid: string; reason: string }[] = [];
  delivered = 0;
  attempts = 0;
  done = 0;
  readonly #started = performance.now();

  constructor(readonly total: number) {
    this.latencies = new Float64Array(total);
  }

  add(i: number, result: SendResult): void {
    this.latencies[i] = result.durationMs;
    this.attempts += result.attempts;
    const key = result.lastStatus === undefined ? 'none' : String(result.lastStatus);
    this.statusCounts[key] = (this.statusCounts[key] ?? 0) + 1;
    if (result.outcome === 'delivered') this.delivered += 1;
    else if (this.failures.length < 20)
      this.failures.push({ guid: result.guid, reason: result.reason ?? 'failed' });
    this.done += 1;
  }

  summary(): SendSummary {
    const durationMs = performance.now() - this.#started;
    const sorted = this.latencies.sort();
    const { total, delivered, attempts, statusCounts, failures } = this;
    const latencyMs = {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1]! : 0,
    };
    return {
      total,
      delivered,
      failed: total - delivered,
      attempts,
      statusCounts,
      latencyMs,
      durationMs,
      ratePerSecond: durationMs > 0 ? (total / durationMs) * 1000 : 0,
      failures,
    };
  }
}
