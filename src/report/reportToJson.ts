import { escapeJsonControls } from '../util/escapeJsonControls.js';
import { reportPassed, type Report } from './Report.js';

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
