import { terminalSafe } from '../util/terminalSafe.js';
import type { Report } from './Report.js';
import { SUMMARY_FINDINGS_MAX } from './reportToStepSummary.js';

/** A workflow command's message, escaped as GitHub's toolkit does (`%`, CR, LF). */
const commandData = (text: string): string =>
  text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** A workflow command's property value: as its message, and `:` and `,` too. */
const commandProperty = (text: string): string =>
  commandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * One GitHub Actions `::error` line per failing finding (at most 50, then one line counting the
 * rest), titled with the command and the finding, its message the summary and first detail line.
 * Text from the wire is made terminal-safe first, so it stays on its one line and starts no command.
 */
export function reportAnnotations(report: Report): string[] {
  const failing = report.findings.filter((finding) => finding.status === 'fail');
  const lines = failing.slice(0, SUMMARY_FINDINGS_MAX).map((finding) => {
    const detail = finding.details?.[0];
    const title = terminalSafe(`cpn-kit ${report.command}: ${finding.title}`).slice(0, 200);
    const message = terminalSafe(
      `${finding.summary}${detail !== undefined ? ` — ${detail}` : ''}`,
    ).slice(0, 1000);
    return `::error title=${commandProperty(title)}::${commandData(message)}`;
  });
  if (failing.length > SUMMARY_FINDINGS_MAX)
    lines.push(
      `::error title=${commandProperty(`cpn-kit ${report.command}`)}::` +
        `${failing.length - SUMMARY_FINDINGS_MAX} more failing findings: see the report files`,
    );
  return lines;
}
