import { markdownText } from './markdownText.js';
import { reportCounts, reportVerdict, type Report } from './Report.js';

/** At most this many failing findings are listed; the rest are counted. */
export const SUMMARY_FINDINGS_MAX = 50;

/**
 * The report as a GitHub Actions job summary (Markdown): the verdict, what was checked, the counts,
 * and each failing finding with its summary and first detail line. Everything from the report is
 * escaped ({@link markdownText}); the caller masks secrets first.
 */
export function reportToStepSummary(report: Report): string {
  const counts = reportCounts(report);
  const failing = report.findings.filter((finding) => finding.status === 'fail');
  const lines = [
    `### cpn-kit ${markdownText(report.command)}: ${markdownText(reportVerdict(report))}`,
    '',
    `Checked: ${markdownText(report.subject)}`,
    '',
    '| passed | failed | warnings | skipped |',
    '| ---: | ---: | ---: | ---: |',
    `| ${counts.pass} | ${counts.fail} | ${counts.warn} | ${counts.skip} |`,
  ];
  if (failing.length > 0) lines.push('', '**Failing**', '');
  for (const finding of failing.slice(0, SUMMARY_FINDINGS_MAX)) {
    const detail = finding.details?.[0];
    lines.push(
      `- **${markdownText(finding.title, 200)}** (${markdownText(finding.id, 100)}): ` +
        markdownText(finding.summary) +
        (detail !== undefined ? ` — ${markdownText(detail)}` : ''),
    );
  }
  if (failing.length > SUMMARY_FINDINGS_MAX)
    lines.push(`- and ${failing.length - SUMMARY_FINDINGS_MAX} more failing: see the report files`);
  return `${lines.join('\n')}\n\n`;
}
