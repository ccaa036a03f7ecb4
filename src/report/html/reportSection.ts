import { reportCounts, reportPassed, reportVerdict, type Report } from '../Report.js';
import { element } from './element.js';
import { escapeHtml } from './escapeHtml.js';
import { findingHtml } from './findingHtml.js';
import { findingsInPageOrder } from './findingsInPageOrder.js';
import { formatMs } from './formatMs.js';
import type { HtmlContext } from './HtmlContext.js';

/**
 * The verdict line, in the terminal report's words: `conformant`, `NOT conformant` or `incomplete
 * (why)`, and the counts.
 */
export function verdictHtml(report: Report): string {
  const passed = reportPassed(report);
  const c = reportCounts(report);
  const counts = `${c.pass} passed, ${c.fail} failed, ${c.warn} warnings, ${c.skip} skipped`;
  const incomplete = report.complete === false ? ' verdict-incomplete' : '';
  return element(
    'p',
    { class: `verdict ${passed ? 'verdict-pass' : 'verdict-fail'}${incomplete}` },
    element('strong', {}, escapeHtml(reportVerdict(report))) +
      ' ' +
      element('span', { class: 'counts' }, `(${counts})`),
  );
}

/**
 * One report: its command and subject, when it started and how long it took, its verdict, and its
 * findings, what failed first (`findingsInPageOrder`). Each finding's element id keeps its place in
 * the run (`r0-f3`).
 */
export function reportSection(report: Report, index: number, context: HtmlContext): string {
  const heading = element(
    'h2',
    {},
    element('span', { class: 'command' }, escapeHtml(report.command)) +
      ' ' +
      element('span', { class: 'subject' }, escapeHtml(report.subject)),
  );
  const meta = element(
    'p',
    { class: 'meta' },
    'started ' +
      element('time', { datetime: report.startedAt }, escapeHtml(report.startedAt)) +
      ` · took ${escapeHtml(formatMs(report.durationMs))} · ${report.findings.length} ` +
      (report.findings.length === 1 ? 'finding' : 'findings'),
  );
  const findings = findingsInPageOrder(report.findings)
    .map(({ finding, index: i }) => findingHtml(finding, `r${index}-f${i}`, context))
    .join('');
  return element(
    'section',
    { class: 'report', id: `report-${index}`, 'data-command': report.command },
    heading +
      meta +
      verdictHtml(report) +
      element('div', { class: 'findings' }, findings) +
      element(
        'p',
        { class: 'none-shown' },
        'No finding of this report has the status chosen above.',
      ),
  );
}
