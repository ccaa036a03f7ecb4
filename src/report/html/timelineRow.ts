import type { ExchangeRecord } from '../Report.js';
import { element } from './element.js';
import { escapeHtml } from './escapeHtml.js';
import { formatMs } from './formatMs.js';
import { barEndMs, timelineLayout, timeOf, type TimelineScale } from './timelineScale.js';
import { truncate } from './truncate.js';

/** The colours of a bar: an exchange as it should be, and one that is part of the defect. */
export const barColors = Object.freeze({ ok: '#1a7f37', bad: '#cf222e' });

/** Where a row is and what it belongs to. */
export interface RowPlace {
  /** The page-wide index of the timeline, which the detail panel and the embedded data share. */
  readonly timeline: number;
  readonly index: number;
  readonly limitMs: number;
  readonly scale: TimelineScale;
}

/** For an exchange started after the first: a short dashed tick at its own response timeout. */
function deadlineTick(exchange: ExchangeRecord, place: RowPlace, y: number): string {
  const deadline = timeOf(exchange.startMs) + place.limitMs;
  if (timeOf(exchange.startMs) === 0 || deadline > place.scale.endMs) return '';
  const x = place.scale.x(deadline);
  const line = { class: 'deadline', x1: x, x2: x, y1: y + 1, y2: y + 23 };
  return element('line', {
    ...line,
    stroke: '#24292f',
    'stroke-width': 1.5,
    'stroke-dasharray': '3 2',
  });
}

/** The bar: solid over the exchange's duration, or faded and dashed up to the timeout ("no answer"). */
function bar(exchange: ExchangeRecord, place: RowPlace, y: number): string {
  const x = place.scale.x(timeOf(exchange.startMs));
  const width = Math.max(2, place.scale.x(barEndMs(exchange, place.limitMs)) - x);
  const fill = exchange.ok ? barColors.ok : barColors.bad;
  const shape = { x, y: y + 5, width, height: 14, rx: 2, fill };
  if (exchange.durationMs !== undefined) return element('rect', { class: 'bar', ...shape });
  const faded = { 'fill-opacity': 0.25, stroke: fill, 'stroke-dasharray': '4 3' };
  const label = {
    class: 'no-answer-label',
    x: x + width - 4,
    y: y + 16,
    'text-anchor': 'end',
    fill,
  };
  return (
    element('rect', { class: 'bar no-answer', ...shape, ...faded }) +
    element('text', label, 'no answer')
  );
}

/**
 * One exchange as a row of the timeline: its label, its bar, its outcome. The whole row is the
 * `attempt-mark` (focusable, clickable) whose `data-index` is the exchange's index in the timeline.
 */
export function timelineRow(exchange: ExchangeRecord, place: RowPlace): string {
  const { width, labelWidth, outcomeWidth, rowHeight, top } = timelineLayout;
  const y = top + place.index * rowHeight;
  const result =
    exchange.durationMs === undefined
      ? exchange.outcome
      : `${exchange.outcome} · ${formatMs(timeOf(exchange.durationMs))}`;
  const said = `${exchange.label}: ${result}`;
  const mark = {
    class: exchange.ok ? 'attempt-mark' : 'attempt-mark attempt-bad',
    'data-timeline': place.timeline,
    'data-index': place.index,
    tabindex: 0,
    role: 'button',
    'aria-label': `${said}; show its request and answer`,
  };
  const text = (cls: string, x: number, anchor: string, content: string) =>
    element('text', { class: cls, x, y: y + 16, 'text-anchor': anchor }, escapeHtml(content));
  return element(
    'g',
    mark,
    element('title', {}, escapeHtml(said)) +
      element('rect', {
        class: 'row-hit',
        x: 0,
        y,
        width,
        height: rowHeight,
        fill: 'transparent',
      }) +
      text('row-label', labelWidth - 4, 'end', truncate(exchange.label, 22)) +
      bar(exchange, place, y) +
      deadlineTick(exchange, place, y) +
      text('row-outcome', width - outcomeWidth + 4, 'start', truncate(result, 32)),
  );
}
