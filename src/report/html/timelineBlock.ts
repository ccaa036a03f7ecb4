import type { Timeline } from '../Report.js';
import { element } from './element.js';
import { admitTimeline, type HtmlContext } from './HtmlContext.js';
import { timelineSvg } from './timelineSvg.js';

/**
 * A finding's timeline and the panel that shows the request and answer of the exchange clicked;
 * a note instead when the timeline has no exchanges, or when the page holds its limit of timelines.
 */
export function timelineBlock(timeline: Timeline, context: HtmlContext): string {
  if (timeline.exchanges.length === 0)
    return element('p', { class: 'note' }, 'No exchanges were recorded.');
  const index = admitTimeline(context, timeline);
  if (index === undefined)
    return element(
      'p',
      { class: 'note timeline-omitted' },
      `Timeline left out: this page draws at most ${context.limits.timelines} timelines ` +
        `(this one has ${timeline.exchanges.length} exchanges).`,
    );
  const hint = element(
    'p',
    { class: 'note' },
    'Click an exchange (or focus it and press Enter) to see its request and answer here.',
  );
  return element(
    'div',
    { class: 'timeline-block' },
    element('div', { class: 'timeline-scroll' }, timelineSvg(timeline, index)) +
      element(
        'div',
        { class: 'exchange-detail', 'data-timeline': index, 'aria-live': 'polite' },
        hint,
      ),
  );
}
