import type { Finding } from '../Report.js';
import { curlBlock } from './curlBlock.js';
import { element } from './element.js';
import { escapeHtml } from './escapeHtml.js';
import { formatMs } from './formatMs.js';
import type { HtmlContext } from './HtmlContext.js';
import { statusBadge } from './statusBadge.js';
import { timelineBlock } from './timelineBlock.js';

/**
 * One finding: its status badge, id, title and duration, its summary and details, its timeline
 * (when it has one) and its curl command (when it has one). `id` is unique in the page.
 */
export function findingHtml(finding: Finding, id: string, context: HtmlContext): string {
  const head = element(
    'div',
    { class: 'finding-head' },
    statusBadge(finding.status) +
      element('code', { class: 'finding-id' }, escapeHtml(finding.id)) +
      element('span', { class: 'finding-title' }, escapeHtml(finding.title)) +
      (finding.durationMs === undefined
        ? ''
        : element('span', { class: 'duration' }, escapeHtml(formatMs(finding.durationMs)))),
  );
  const details = finding.details?.length
    ? element(
        'ul',
        { class: 'details' },
        finding.details.map((line) => element('li', {}, escapeHtml(line))).join(''),
      )
    : '';
  return element(
    'article',
    { class: 'finding', id, 'data-status': finding.status, 'data-id': finding.id },
    head +
      element('p', { class: 'summary' }, escapeHtml(finding.summary)) +
      details +
      (finding.timeline === undefined ? '' : timelineBlock(finding.timeline, context)) +
      (finding.curl === undefined ? '' : curlBlock(finding.curl, `${id}-curl`)),
  );
}
