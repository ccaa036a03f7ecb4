import { reportPassed, reportVerdict, type Report } from '../Report.js';
import { element } from './element.js';
import { escapeHtml } from './escapeHtml.js';
import type { HtmlContext } from './HtmlContext.js';

/** For a report written before its run was over: a banner that says so, and why. */
function incompleteBanner(report: Report): string {
  return element(
    'p',
    { class: 'incomplete-banner', role: 'alert' },
    element('strong', {}, escapeHtml(reportVerdict(report))) +
      escapeHtml(
        `: the ${report.command} report of ${report.subject} was written before its run was over. ` +
          'Its findings cover only what was seen until then, and it is not conformant.',
      ),
  );
}

/** The verdict over several reports: how many are conformant, not, and (when any) incomplete. */
function overallLine(reports: readonly Report[]): string {
  if (reports.length === 0) return 'No reports.';
  if (reports.length === 1) return '';
  const incomplete = reports.filter((report) => report.complete === false).length;
  const passed = reports.filter(reportPassed).length;
  const failed = reports.length - passed - incomplete;
  return (
    `${reports.length} reports: ${passed} conformant, ${failed} NOT conformant` +
    (incomplete > 0 ? `, ${incomplete} incomplete.` : '.')
  );
}

/**
 * The top of the page: the title, a banner for each report written before its run was over (first,
 * so that nobody reads its findings as the whole run), the verdict over several reports, and what
 * the page left out.
 */
export function pageHead(title: string, reports: readonly Report[], context: HtmlContext): string {
  const overall = overallLine(reports);
  const omitted =
    context.omittedTimelines === 0
      ? ''
      : element(
          'p',
          { class: 'notice timelines-capped' },
          `This page draws the timelines of the first ${context.limits.timelines} findings that have one ` +
            `(failures first); ${context.omittedTimelines} more are left out (their findings are shown without them).`,
        );
  return element(
    'header',
    { class: 'page-head' },
    element('h1', {}, escapeHtml(title)) +
      reports
        .filter((report) => report.complete === false)
        .map(incompleteBanner)
        .join('') +
      (overall === '' ? '' : element('p', { class: 'overall' }, overall)) +
      omitted,
  );
}
