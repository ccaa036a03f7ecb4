import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SecretMask, type SecretMaskOptions } from '../http/SecretMask.js';
import { formatReport, useColor } from './formatReport.js';
import { maskReport } from './maskReport.js';
import { reportPassed, type Finding, type Report } from './Report.js';
import { reportFormatNames, reportFormats, type ReportFileNames } from './reportFormats.js';

/** Where a check command sends its report: a file per format (`--json FILE`, `--junit FILE`, …). */
export interface ReportOutputs extends ReportFileNames {
  /**
   * Which findings the terminal prints (default: all); its counts and the files always cover every
   * one.
   */
  readonly onTerminal?: (finding: Finding) => boolean;
  /**
   * What is secret besides the credential headers (`Authorization`, `Cookie`, `X-Api-Key`, …),
   * whose values are masked wherever they appear: more header names, and values (your token) to
   * mask wherever they appear. The terminal and every file get the report masked.
   */
  readonly secrets?: SecretMaskOptions;
}

/** Writes a report file, creating its folders first (`--junit reports/ocs.xml` in a fresh checkout). */
async function writeCreatingFolders(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/**
 * Prints the report on standard output and writes the requested files, both with every secret
 * masked (`outputs.secrets`). Returns the exit code of a check command: 0 when conformant, 1 when not.
 */
export async function writeReport(
  given: Report,
  outputs: ReportOutputs,
  stream: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const report = maskReport(given, new SecretMask(outputs.secrets));
  stream.write(
    formatReport(report, {
      color: useColor(stream),
      ...(outputs.onTerminal ? { shown: outputs.onTerminal } : {}),
    }),
  );
  for (const name of reportFormatNames) {
    const file = outputs[name];
    if (file !== undefined) await writeCreatingFolders(file, reportFormats[name].text(report));
  }
  return reportPassed(report) ? 0 : 1;
}
