/** How one scenario or check came out. `warn` and `skip` do not fail a report; `fail` does. */
export type FindingStatus = 'pass' | 'fail' | 'warn' | 'skip';

/**
 * One scenario's or one check's outcome: the shape behind the terminal line, the JSON and the
 * JUnit test case of every check command.
 */
export interface Finding {
  /** Stable identifier, e.g. `redirect-301` or `duplicate-acknowledged`. */
  readonly id: string;
  /** What was checked, in a few words. */
  readonly title: string;
  readonly status: FindingStatus;
  /** The finding in one line: what happened, and on failure what was expected. */
  readonly summary: string;
  /** Further lines, e.g. each broken expectation. */
  readonly details?: readonly string[];
  readonly durationMs?: number;
}

/** The outcome of one check command. */
export interface Report {
  /** The command that produced it, e.g. `check-sender`. */
  readonly command: string;
  /** What was checked: a URL, a command line. */
  readonly subject: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly findings: readonly Finding[];
}

/** True when no finding failed. */
export function reportPassed(report: Report): boolean {
  return report.findings.every((finding) => finding.status !== 'fail');
}

/** Counts of findings by status. */
export function reportCounts(report: Report): Record<FindingStatus, number> {
  const counts: Record<FindingStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const finding of report.findings) counts[finding.status] += 1;
  return counts;
}
