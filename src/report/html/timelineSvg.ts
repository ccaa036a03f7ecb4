import type { Timeline } from '../Report.js';
import { element } from './element.js';
import { escapeHtml } from './escapeHtml.js';
import { formatMs } from './formatMs.js';
import { timelineRow } from './timelineRow.js';
import { timelineLayout, timelineScale, timeOf, type TimelineScale } from './timelineScale.js';

/** The time axis: a light vertical line and a label at each tick. */
function axis(scale: TimelineScale, bottom: number): string {
  return scale.ticks
    .map((tick) => {
      const x = scale.x(tick);
      const line = {
        class: 'grid',
        x1: x,
        x2: x,
        y1: timelineLayout.top - 4,
        y2: bottom,
        stroke: '#d0d7de',
      };
      const label = { class: 'tick', x, y: bottom + 14, 'text-anchor': 'middle', fill: '#57606a' };
      return element('line', line) + element('text', label, escapeHtml(formatMs(tick)));
    })
    .join('');
}

/** The response timeout: a vertical dashed line, labelled, that every answer must come before. */
function limitLine(limitMs: number, scale: TimelineScale, bottom: number): string {
  const x = scale.x(limitMs);
  const line = { class: 'limit-line', x1: x, x2: x, y1: timelineLayout.top - 8, y2: bottom };
  // Centred on its line, or ending at it when the line is near the right edge (it would be cut).
  const anchor = x > timelineLayout.width - 80 ? 'end' : 'middle';
  const label = { class: 'limit-label', x, y: timelineLayout.top - 12, 'text-anchor': anchor };
  return (
    element('line', {
      ...line,
      stroke: '#24292f',
      'stroke-width': 1.5,
      'stroke-dasharray': '6 4',
    }) + element('text', label, escapeHtml(`response timeout ${formatMs(limitMs)}`))
  );
}

/**
 * A finding's exchanges as an inline SVG: one row per exchange, its verdict mark and text, then its
 * bar from its start over its duration in the colour of what came back, against the response timeout
 * drawn as a dashed line. `index` is the timeline's page-wide number, shared with the embedded
 * exchange data and the detail panel.
 */
export function timelineSvg(timeline: Timeline, index: number): string {
  const { width, rowHeight, top } = timelineLayout;
  const limitMs = timeOf(timeline.limitMs);
  const scale = timelineScale(timeline);
  const bottom = top + timeline.exchanges.length * rowHeight;
  const height = bottom + timelineLayout.bottom;
  const rows = timeline.exchanges.map((exchange, i) =>
    timelineRow(exchange, { timeline: index, index: i, limitMs, scale }),
  );
  const svg = {
    class: 'timeline',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    'data-timeline': index,
    'aria-label': `${timeline.exchanges.length} exchanges against the response timeout of ${formatMs(limitMs)}`,
  };
  return element(
    'svg',
    svg,
    axis(scale, bottom) + limitLine(limitMs, scale, bottom) + rows.join(''),
  );
}
