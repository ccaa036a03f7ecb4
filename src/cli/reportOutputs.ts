import type { SecretMask } from '../http/SecretMask.js';
import { formatReport, useColor } from '../report/formatReport.js';
import { maskReport } from '../report/maskReport.js';
import { reportPassed, type Finding, type Report, type SettingSource } from '../report/Report.js';
import { ReportFiles, type OutputFailure } from '../report/ReportFiles.js';
import { reportFormatNames, reportFormats, type ReportFileNames } from '../report/reportFormats.js';
import { claimOutputs } from './claimOutputs.js';
import { publishToGitHub } from './publishToGitHub.js';

/**
 * The report flags of a command: a file per report format asked for, and `--no-ci-summary`
 * (`ciSummary: false`: no job summary or annotations on GitHub Actions).
 */
export type ReportFlags = ReportFileNames & { readonly ciSummary?: boolean };

/** Says on standard error, at once, that an output could not be written and that the run goes on. */
export function sayOutputFailure(failure: { output: string; file: string; why: string }): void {
  process.stderr.write(
    `cpn-kit: ${failure.output}: cannot write ${failure.file}: ${failure.why}; the run goes on, ` +
      `and its other outputs are still written\n`,
  );
}

/**
 * The report files of a CLI run, checked before it starts: no file named twice (with `others`, e.g.
 * `--record`), every folder writable (an OutputError, exit 2, otherwise). A later failure is said on
 * standard error at once. Every file, and the report printed at the end, is masked by `mask`.
 */
export function openReportFiles(
  flags: ReportFlags,
  others: Readonly<Record<string, string | undefined>> = {},
  mask?: SecretMask,
): Promise<ReportFiles> {
  const files: ReportFileNames = {};
  const claims: Record<string, string | undefined> = { ...others };
  for (const name of reportFormatNames) {
    claims[reportFormats[name].flag] = flags[name];
    if (flags[name] !== undefined) files[name] = flags[name];
  }
  claimOutputs(claims);
  return ReportFiles.open(files, sayOutputFailure, mask);
}

/** The report with the OCS settings of the run and where each came from (none: the report as it is). */
export const withSettings =
  (settings: readonly SettingSource[]) =>
  (report: Report): Report =>
    settings.length > 0 ? { ...report, settings } : report;

/** The report with a warning naming the report files that could not be written. */
function withFailures(report: Report, failures: readonly OutputFailure[]): Report {
  const finding: Finding = {
    id: 'report-files',
    title: 'every report file is written',
    status: 'warn',
    summary: `could not write ${failures.map((f) => `${f.file} (${f.output}): ${f.why}`).join('; ')}`,
  };
  return { ...report, findings: [...report.findings, finding] };
}

/**
 * Ends a run: writes the final report to its files (when one cannot be written, the others get a
 * finding that says so), prints it (masked as the files are), on GitHub Actions adds it to the job
 * summary and annotates each failing finding (unless `ciSummary` is false), and returns the exit code: 0 conformant, 1 not (or incomplete),
 * 2 when an output (a report file, or the recording: `outputFailed`) could not be written.
 */
export async function finishReport(
  files: ReportFiles,
  report: Report,
  options: {
    readonly shown?: (finding: Finding) => boolean;
    readonly outputFailed?: boolean;
    /** False: no GitHub Actions job summary or annotations (`--no-ci-summary`). */
    readonly ciSummary?: boolean;
  } = {},
): Promise<number> {
  let final = report;
  const failures = await files.finish(final);
  if (failures.length > 0) {
    final = withFailures(report, failures);
    await files.finish(final);
  }
  const shown = options.shown;
  const masked = maskReport(final, files.mask);
  process.stdout.write(
    formatReport(masked, { color: useColor(process.stdout), ...(shown ? { shown } : {}) }),
  );
  if (options.ciSummary !== false) await publishToGitHub(masked);
  if (failures.length > 0 || options.outputFailed === true) return 2;
  return reportPassed(final) ? 0 : 1;
}
