import { reportPassed, type Report } from './Report.js';

/** The report as JSON: the report itself, with `complete` always present and `passed` added. */
export function reportToJson(report: Report): string {
  const complete = report.complete !== false;
  return `${JSON.stringify({ ...report, complete, passed: reportPassed(report) }, null, 2)}\n`;
}
