import type { Finding, FindingStatus } from '../Report.js';

/** The order the page shows statuses in: what failed first, then warnings, passes, skips. */
export const pageStatusOrder: readonly FindingStatus[] = Object.freeze([
  'fail',
  'warn',
  'pass',
  'skip',
]);

/** A finding and its place in the run (which its element id keeps). */
export interface PlacedFinding {
  readonly finding: Finding;
  readonly index: number;
}

/**
 * A report's findings in the order the HTML page shows them: fail, warn, pass, skip, and in run order
 * inside each (a status none of the four, from a hand-written report, comes last). Only the page
 * reorders: the terminal, JSON and JUnit outputs keep the run's order.
 */
export function findingsInPageOrder(findings: readonly Finding[]): PlacedFinding[] {
  const rank = (status: FindingStatus) => {
    const at = pageStatusOrder.indexOf(status);
    return at < 0 ? pageStatusOrder.length : at;
  };
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => rank(a.finding.status) - rank(b.finding.status) || a.index - b.index);
}
