import junitModule, { type Builder } from 'junit-report-builder';
import type { Report } from './Report.js';

// The package is CommonJS and its types describe an ES default export; at run time Node's default
// import is the builder itself.
const junit = junitModule as unknown as Builder;

/**
 * The report as JUnit XML, the format CI systems render: one test suite per command, one test
 * case per finding; a failed finding carries its summary and details as the failure.
 */
export function reportToJUnit(report: Report): string {
  const builder = junit.newBuilder();
  const suite = builder.testSuite().name(`cpn-kit ${report.command}`).timestamp(report.startedAt).time(report.durationMs / 1000);
  for (const finding of report.findings) {
    const testCase = suite.testCase().className(`cpn-kit.${report.command}`).name(`${finding.id}: ${finding.title}`).time((finding.durationMs ?? 0) / 1000);
    const text = [finding.summary, ...(finding.details ?? [])].join('\n');
    if (finding.status === 'fail') testCase.failure(text, 'NotConformant');
    else if (finding.status === 'skip') testCase.skipped();
    testCase.standardOutput(`${finding.status}: ${text}`);
  }
  return builder.build();
}
