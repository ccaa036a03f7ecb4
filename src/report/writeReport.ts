import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatReport, useColor } from './formatReport.js';
import { reportPassed, type Finding, type Report } from './Report.js';
import { reportToJUnit } from './reportToJUnit.js';
import { writeHtmlReport } from './writeHtmlReport.js';

/** Where a check command sends its report, from `--json FILE`, `--junit FILE` and `--html FILE`. */
export interface ReportOutputs {
  readonly json?: string;
  readonly junit?: string;
  /** One self-contained HTML page (`reportToHtml`). */
  readonly html?: string;
  /** Which findings the terminal shows (default: all); the files always get every one. */
  readonly onTerminal?: (finding: Finding) => boolean;
}

/** Writes a report file, creating its folders first (`--junit reports/ocs.xml` in a fresh checkout). */
async function writeCreatingFolders(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/**
 * Prints the report on standard output and writes the requested files. Returns the exit code of a
 * check command: 0 when conformant, 1 when not.
 */
export async function writeReport(
  report: Report,
  outputs: ReportOutputs,
  stream: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const shown = outputs.onTerminal
    ? { ...report, findings: report.findings.filter(outputs.onTerminal) }
    : report;
  stream.write(formatReport(shown, { color: useColor(stream) }));
  if (outputs.json !== undefined)
    await writeCreatingFolders(
      outputs.json,
      `${JSON.stringify({ ...report, complete: report.complete !== false, passed: reportPassed(report) }, null, 2)}\n`,
    );
  if (outputs.junit !== undefined) await writeCreatingFolders(outputs.junit, reportToJUnit(report));
  if (outputs.html !== undefined) await writeHtmlReport(outputs.html, [report]);
  return reportPassed(report) ? 0 : 1;
}
