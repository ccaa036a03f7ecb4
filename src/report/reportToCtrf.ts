import { randomUUID } from 'node:crypto';
import { escapeJsonControls } from '../util/escapeJsonControls.js';
import { kitVersion } from '../util/kitVersion.js';
import { reportCounts, reportPassed, reportVerdict, type Finding, type Report } from './Report.js';

/** The CTRF specification version the file follows (the `ctrf` package's current one). */
export const CTRF_SPEC_VERSION = '0.0.0';

/** A finding's status in CTRF's words: a warning (it does not fail the run) is `other`. */
const CTRF_STATUS = {
  pass: 'passed',
  fail: 'failed',
  skip: 'skipped',
  warn: 'other',
} as const satisfies Record<Finding['status'], string>;

function ctrfTest(report: Report, finding: Finding): Record<string, unknown> {
  const details = finding.details ?? [];
  return {
    testId: `${report.command}/${finding.id}`,
    name: finding.title,
    status: CTRF_STATUS[finding.status],
    rawStatus: finding.status,
    duration: Math.round(finding.durationMs ?? 0),
    message: finding.summary,
    ...(details.length > 0 ? { trace: details.join('\n') } : {}),
    suite: [report.command],
    type: 'conformance',
    extra: { id: finding.id, ...(finding.curl !== undefined ? { curl: finding.curl } : {}) },
  };
}

/**
 * The report in the Common Test Report Format (CTRF, https://ctrf.io): one test per finding, a
 * warning as status `other` (its `rawStatus` says `warn`), and the kit's verdict, completeness and
 * subject under `results.summary.extra`. Validated against CTRF's published schema in the tests.
 */
export function reportToCtrf(report: Report): string {
  const start = Date.parse(report.startedAt);
  const counts = reportCounts(report);
  const ctrf = {
    reportFormat: 'CTRF',
    specVersion: CTRF_SPEC_VERSION,
    reportId: randomUUID(),
    timestamp: new Date().toISOString(),
    generatedBy: `cpn-kit ${kitVersion}`,
    results: {
      tool: { name: 'cpn-kit', version: kitVersion, extra: { command: report.command } },
      summary: {
        tests: report.findings.length,
        passed: counts.pass,
        failed: counts.fail,
        skipped: counts.skip,
        pending: 0,
        other: counts.warn,
        start,
        stop: start + Math.round(report.durationMs),
        duration: Math.round(report.durationMs),
        extra: {
          subject: report.subject,
          verdict: reportVerdict(report),
          passed: reportPassed(report),
          complete: report.complete !== false,
        },
      },
      tests: report.findings.map((finding) => ctrfTest(report, finding)),
    },
  };
  return `${escapeJsonControls(JSON.stringify(ctrf, null, 2))}\n`;
}
