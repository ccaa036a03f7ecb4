import type { SendSummary } from '../sender/SendTally.js';
import { terminalSafe } from '../util/terminalSafe.js';

/**
 * The summary for a person: totals, final statuses, latency and rate, the first failures; each line
 * {@link terminalSafe} (a replayed GUID comes from a recording, and a recording from the wire).
 */
export function summaryLines(summary: SendSummary, uri: string): string[] {
  const statuses =
    Object.entries(summary.statusCounts)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ') || 'none';
  const lines = [
    `sent ${summary.total} notification(s) to ${uri}: ${summary.delivered} delivered, ` +
      `${summary.failed} failed, ${summary.attempts} attempt(s)`,
    `final statuses: ${statuses}`,
    `latency p50 ${summary.latencyMs.p50.toFixed(1)} ms, p99 ` +
      `${summary.latencyMs.p99.toFixed(1)} ms; ${summary.ratePerSecond.toFixed(0)} ` +
      `notifications/s over ${(summary.durationMs / 1000).toFixed(2)} s`,
    ...summary.failures.slice(0, 5).map((f) => `failed ${f.guid}: ${f.reason}`),
  ];
  if (summary.failed > 5) lines.push(`... and ${summary.failed - 5} more failure(s)`);
  return lines.map(terminalSafe);
}
