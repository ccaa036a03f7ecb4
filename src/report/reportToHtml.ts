import { reportCounts, type FindingStatus, type Report } from './Report.js';
import { contentSecurityPolicy } from './html/contentSecurityPolicy.js';
import { escapeHtml } from './html/escapeHtml.js';
import { filterControls } from './html/filterControls.js';
import { createHtmlContext } from './html/HtmlContext.js';
import { htmlLimits } from './html/htmlLimits.js';
import { pageHead } from './html/pageHead.js';
import { pageScript } from './html/pageScript.js';
import { pageStyle } from './html/pageStyle.js';
import { reportSection } from './html/reportSection.js';
import { scriptJson } from './html/scriptJson.js';
import { timelineLegend } from './html/timelineLegend.js';

function totalCounts(reports: readonly Report[]): Record<FindingStatus, number> {
  const total: Record<FindingStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const counts of reports.map(reportCounts))
    for (const status of Object.keys(total) as FindingStatus[]) total[status] += counts[status];
  return total;
}

/**
 * Reports as ONE self-contained HTML page: inline style and script, nothing loaded from anywhere
 * (its Content-Security-Policy forbids it). At the top, a banner for each report written before its
 * run was over. For each report its command, subject, start, duration, verdict and findings, what
 * failed first (fail, warn, pass, skip; run order inside each); a filter by status; for each finding
 * with exchanges an SVG timeline against the response timeout, each exchange a bar coloured by what
 * came back with its verdict marked apart (a legend says what the colours and marks mean), which
 * shows its request and answer when clicked; for a failing receiver check its curl command with a
 * copy button. Every text from a report is escaped, and the exchanges are embedded as JSON that
 * cannot end its `<script>` element. Request and answer bodies are cut to 64 KiB each, and at most
 * 2000 timelines are drawn; the page says when it cut.
 */
export function reportToHtml(reports: readonly Report[], options: { title?: string } = {}): string {
  const title =
    options.title ?? `cpn-kit report: ${reports.map((r) => r.command).join(', ') || 'empty'}`;
  const context = createHtmlContext(htmlLimits);
  const sections = reports.map((report, i) => reportSection(report, i, context)).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(pageScript, pageStyle))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${pageStyle}</style>`,
    '</head>',
    '<body>',
    pageHead(title, reports, context),
    filterControls(totalCounts(reports)),
    context.timelines.length > 0 ? timelineLegend() : '',
    `<main>\n${sections}\n</main>`,
    `<script type="application/json" id="cpn-exchanges">${scriptJson(context.timelines)}</script>`,
    `<script>${pageScript}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
