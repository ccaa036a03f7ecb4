import { reportCounts, reportPassed, type FindingStatus, type Report } from './Report.js';
import { contentSecurityPolicy } from './html/contentSecurityPolicy.js';
import { element } from './html/element.js';
import { escapeHtml } from './html/escapeHtml.js';
import { filterControls } from './html/filterControls.js';
import { createHtmlContext, type HtmlContext } from './html/HtmlContext.js';
import { htmlLimits } from './html/htmlLimits.js';
import { pageScript } from './html/pageScript.js';
import { pageStyle } from './html/pageStyle.js';
import { reportSection } from './html/reportSection.js';
import { scriptJson } from './html/scriptJson.js';

function totalCounts(reports: readonly Report[]): Record<FindingStatus, number> {
  const total: Record<FindingStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const counts of reports.map(reportCounts))
    for (const status of Object.keys(total) as FindingStatus[]) total[status] += counts[status];
  return total;
}

/** The lines under the title: the verdict over several reports, and what the page left out. */
function pageHead(title: string, reports: readonly Report[], context: HtmlContext): string {
  const failed = reports.filter((report) => !reportPassed(report)).length;
  const overall =
    reports.length === 0
      ? 'No reports.'
      : reports.length === 1
        ? ''
        : `${reports.length} reports: ${reports.length - failed} conformant, ${failed} NOT conformant.`;
  const omitted =
    context.omittedTimelines === 0
      ? ''
      : element(
          'p',
          { class: 'notice timelines-capped' },
          `This page draws the timelines of the first ${context.limits.timelines} findings that have one; ` +
            `${context.omittedTimelines} more are left out (their findings are shown without them).`,
        );
  return element(
    'header',
    { class: 'page-head' },
    element('h1', {}, escapeHtml(title)) +
      (overall === '' ? '' : element('p', { class: 'overall' }, overall)) +
      omitted,
  );
}

/**
 * Reports as ONE self-contained HTML page: inline style and script, nothing loaded from anywhere
 * (its Content-Security-Policy forbids it). For each report its command, subject, start, duration,
 * verdict and findings; a filter by status; for each finding with exchanges an SVG timeline against
 * the response timeout whose exchanges show their request and answer when clicked; for a failing
 * receiver check its curl command with a copy button. Every text from a report is escaped, and the
 * exchanges are embedded as JSON that cannot end its `<script>` element. Request and answer bodies
 * are cut to 64 KiB each, and at most 2000 timelines are drawn; the page says when it cut.
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
    `<main>\n${sections}\n</main>`,
    `<script type="application/json" id="cpn-exchanges">${scriptJson(context.timelines)}</script>`,
    `<script>${pageScript}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
