import type { Finding, Report } from './Report.js';

/** A report in the making: finished once, and snapshotted as often as the run wants while it goes on. */
export interface ReportInProgress {
  /** The report of the whole run (complete), the duration measured from the start. */
  finish(findings: readonly Finding[], subjectNow?: string): Report;
  /**
   * The report as it stands, marked incomplete with why (`written while the run goes on`): its
   * findings lead with a failing `run-complete` finding that says so, so every output (terminal,
   * JSON, JUnit, HTML) counts it the same way.
   */
  snapshot(findings: readonly Finding[], why: string, subjectNow?: string): Report;
}

/** The finding that leads a report written before its run was over. */
export function runCompleteFinding(why: string, status: 'fail' | 'warn' = 'fail'): Finding {
  return {
    id: 'run-complete',
    title: 'the report covers the whole run',
    status,
    summary: `incomplete: ${why}; the other findings cover only what was seen until then`,
  };
}

/**
 * The one place a report is built: started when the check starts, finished with its findings (the
 * duration measured from the start), or snapshotted before the end (marked incomplete).
 *
 * @example
 * const report = startReport('check-receiver', url);
 * // … the checks …
 * return report.finish(findings);
 */
export function startReport(command: string, subject: string): ReportInProgress {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const build = (findings: readonly Finding[], subjectNow: string): Report => ({
    command,
    subject: subjectNow,
    startedAt,
    durationMs: performance.now() - started,
    findings,
    complete: true,
  });
  return {
    finish: (findings, subjectNow = subject) => build(findings, subjectNow),
    snapshot: (findings, why, subjectNow = subject) => ({
      ...build([runCompleteFinding(why), ...findings], subjectNow),
      complete: false,
      incomplete: why,
    }),
  };
}
