import { appendFile } from 'node:fs/promises';
import { writeFailure } from '../errors/OutputError.js';
import type { Report } from '../report/Report.js';
import { reportAnnotations } from '../report/reportAnnotations.js';
import { reportToStepSummary } from '../report/reportToStepSummary.js';

/**
 * On GitHub Actions (`GITHUB_ACTIONS=true`): prints an `::error` annotation per failing finding and
 * appends the report's Markdown summary to the job summary (`$GITHUB_STEP_SUMMARY`, when set).
 * Elsewhere it does nothing. A summary that cannot be written is said on standard error; the run's
 * verdict and exit status stay as they are (the report files carry the verdict).
 * `report` must already be masked.
 */
export async function publishToGitHub(
  report: Report,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (env.GITHUB_ACTIONS !== 'true') return;
  const annotations = reportAnnotations(report);
  if (annotations.length > 0) process.stdout.write(`${annotations.join('\n')}\n`);
  const file = env.GITHUB_STEP_SUMMARY;
  if (file === undefined || file === '') return;
  try {
    await appendFile(file, reportToStepSummary(report));
  } catch (error) {
    process.stderr.write(
      `cpn-kit: cannot append the job summary to $GITHUB_STEP_SUMMARY (${file}): ` +
        `${writeFailure(error)}; the report files are written as usual\n`,
    );
  }
}
