import { escapeJsonControls } from '../util/escapeJsonControls.js';
import { reportPassed, type Report } from './Report.js';
import { reportToHtml } from './reportToHtml.js';
import { reportToJUnit } from './reportToJUnit.js';

/** The report files a check command can write, each with its flag. */
export const REPORT_FILE_FLAGS = { json: '--json', junit: '--junit', html: '--html' } as const;

/** A kind of report file: `json`, `junit` or `html`. */
export type ReportFileKind = keyof typeof REPORT_FILE_FLAGS;

/**
 * The report as JSON: the report itself, with `complete` always present and `passed` added; a
 * character a terminal or an editor would act on (a C1 control, a bidirectional override) written
 * as its `\uXXXX` escape, as JSON already writes the C0 controls.
 */
export function reportToJson(report: Report): string {
  const complete = report.complete !== false;
  const json = JSON.stringify({ ...report, complete, passed: reportPassed(report) }, null, 2);
  return `${escapeJsonControls(json)}\n`;
}

/** The text of each kind of report file. */
export const reportFileText: Readonly<Record<ReportFileKind, (report: Report) => string>> = {
  json: reportToJson,
  junit: reportToJUnit,
  html: (report) => reportToHtml([report]),
};
