import type { Finding, Report } from './Report.js';

/**
 * The one place a report is built: started when the check starts, finished with its findings (the
 * duration measured from the start).
 *
 * @example
 * const report = startReport('check-receiver', url);
 * // … the checks …
 * return report.finish(findings);
 */
export function startReport(
  command: string,
  subject: string,
): { finish(findings: readonly Finding[], subjectNow?: string): Report } {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  return {
    finish: (findings, subjectNow = subject) => ({
      command,
      subject: subjectNow,
      startedAt,
      durationMs: performance.now() - started,
      findings,
    }),
  };
}
