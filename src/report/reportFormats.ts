import type { Report } from './Report.js';
import { reportToCtrf } from './reportToCtrf.js';
import { reportToHtml } from './reportToHtml.js';
import { reportToJson } from './reportToJson.js';
import { reportToJUnit } from './reportToJUnit.js';

/** One format a report is written in: its flag, the flag's help, and the file's text. */
export interface ReportFormat {
  readonly flag: `--${string}`;
  readonly help: string;
  readonly text: (report: Report) => string;
}

/**
 * Every format a report is written in, one entry each. A new format is a file that turns a report
 * into text, and an entry here: the check commands and the proxy then take its flag, check its file
 * at start, rewrite it as they run and at the end, and list it in their help.
 */
export const reportFormats = {
  json: { flag: '--json', help: 'write the report as JSON', text: reportToJson },
  junit: { flag: '--junit', help: 'write the report as JUnit XML', text: reportToJUnit },
  html: {
    flag: '--html',
    help: 'write the report as one self-contained HTML page',
    text: (report) => reportToHtml([report]),
  },
  ctrf: {
    flag: '--ctrf',
    help: 'write the report in the Common Test Report Format (CTRF JSON)',
    text: reportToCtrf,
  },
} as const satisfies Record<string, ReportFormat>;

/** A report format's name: `json`, `junit`, `html`, `ctrf`. */
export type ReportFormatName = keyof typeof reportFormats;

/** The file each format is written to, for the formats asked for. */
export type ReportFileNames = Partial<Record<ReportFormatName, string>>;

/** The formats in the table's order. */
export const reportFormatNames = Object.keys(reportFormats) as ReportFormatName[];
