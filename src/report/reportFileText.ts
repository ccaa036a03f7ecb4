import { reportPassed, type Report } from './Report.js';
import { reportToHtml } from './reportToHtml.js';
import { reportToJUnit } from './reportToJUnit.js';

/** The report files a check command can write, each with its flag. */
export const REPORT_FILE_FLAGS = { json: '--json', junit: '--junit', html: '--html' } as const;

/** A kind of report file: `json`, `junit` or `html`. */
export type ReportFileKind = keyof typeof REPORT_FILE_FLAGS;

/** The report as JSON: the report itself, with `complete` always present and `passed` added. */
export function reportToJson(report: Report): string {
  const complete = report.complete !== false;
  return `${JSON.stringify({ ...report, complete, passed: reportPassed(report) }, null, 2)}\n`;
}

/** The text of each kind of report file. */
export const reportFileText: Readonly<Record<ReportFileKind, (report: Report) => string>> = {
  json: reportToJson,
  junit: reportToJUnit,
  html: (report) => reportToHtml([report]),
};
