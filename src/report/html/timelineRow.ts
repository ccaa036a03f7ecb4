import { answerClassOf } from '../answerClassOf.js';
import type { AnswerClass, ExchangeRecord } from '../Report.js';
import { answerColors, answerWords } from './answerColors.js';
import { element } from './element.js';
import { escapeHtml } from './escapeHtml.js';
import { formatMs } from './formatMs.js';
import { barEndMs, timelineLayout, timeOf, type TimelineScale } from './timelineScale.js';
import { truncate } from './truncate.js';
import { verdictMark, verdictWords } from './verdictMark.js';

/** Where a row is and what it belongs to. */
export interface RowPlace {
  /** The page-wide index of the timeline, which the detail panel and the embedded data share. */
  readonly timeline: number;
  readonly index: number;
  readonly limitMs: number;
  readonly scale: TimelineScale;
}

/** Where a row's bar is, below its text line: its top, and its height. */
const barTop = 20;
const barHeight = 14;

/** For an exchange started after the first: a short dashed tick at its own response timeout. */
function deadlineTick(exchange: ExchangeRecord, place: RowPlace, y: number): string {
  const deadline = timeOf(exchange.startMs) + place.limitMs;
  if (timeOf(exchange.startMs) === 0 || deadline > place.scale.endMs) return '';
  const x = place.scale.x(deadline);
  const line = {
    class: 'deadline',
    x1: x,
    x2: x,
    y1: y + barTop - 3,
    y2: y + barTop + barHeight + 3,
  };
  return element('line', {
    ...line,
    stroke: '#24292f',
    'stroke-width': 1.5,
    'stroke-dasharray': '3 2',
  });
}

/**
 * The bar, in the colour of what came back: solid over the exchange's duration, or faded and dashed
 * up to the timeout ("no answer"). Never narrower than `minBarWidth`, so that a 1 ms answer can be
 * seen and clicked.
 */
function bar(exchange: ExchangeRecord, answer: AnswerClass, place: RowPlace, y: number): string {
  const { minBarWidth, plotRight } = timelineLayout;
  const start = place.scale.x(timeOf(exchange.startMs));
  const width = Math.max(minBarWidth, place.scale.x(barEndMs(exchange, place.limitMs)) - start);
  const x = Math.min(start, plotRight - width);
  const fill = answerColors[answer];
  const shape = { x, y: y + barTop, width, height: barHeight, rx: 2, fill };
  if (exchange.durationMs !== undefined) return element('rect', { class: 'bar', ...shape });
  const faded = { 'fill-opacity': 0.25, stroke: fill, 'stroke-dasharray': '4 3' };
  const label = {
    class: 'no-answer-label',
    x: x + width - 4,
    y: y + barTop + 11,
    'text-anchor': 'end',
    fill: '#1f2328',
  };
  return (
    element('rect', { class: 'bar no-answer', ...shape, ...faded }) +
    element('text', label, 'no answer')
  );
}

/**
 * The row's text line: its label (the interaction, probe or attempt) and what came of it, cut to fit
 * the line (the outcome to `outcomeChars`, the label to the room left).
 */
function rowText(exchange: ExchangeRecord, result: string, y: number): string {
  const { plotLeft, plotRight, labelChars, outcomeChars } = timelineLayout;
  const outcome = ` · ${truncate(result, outcomeChars)}`;
  const room = plotRight - plotLeft - Array.from(outcome).length * timelineLayout.outcomeCharWidth;
  const fits = Math.max(labelChars, Math.floor(room / timelineLayout.labelCharWidth));
  return element(
    'text',
    { class: 'row-text', x: plotLeft, y: y + 14 },
    element('tspan', { class: 'row-label' }, escapeHtml(truncate(exchange.label, fits))) +
      element('tspan', { class: 'row-outcome' }, escapeHtml(outcome)),
  );
}

/**
 * One exchange as a row of the timeline: its verdict mark (as it should be, or part of the defect),
 * its label and outcome, and below them its bar coloured by what came back. The whole row is the
 * `attempt-mark` (focusable, clickable) whose `data-index` is the exchange's index in the timeline;
 * `data-answer` and `data-verdict` say what it shows.
 */
export function timelineRow(exchange: ExchangeRecord, place: RowPlace): string {
  const { width, rowHeight, top, markX } = timelineLayout;
  const y = top + place.index * rowHeight;
  const answer = answerClassOf(exchange);
  const verdict = exchange.ok ? 'ok' : 'bad';
  const result =
    exchange.durationMs === undefined
      ? exchange.outcome
      : `${exchange.outcome} · ${formatMs(timeOf(exchange.durationMs))}`;
  const said = `${exchange.label}: ${result}; ${answerWords[answer]}; ${verdictWords[verdict]}`;
  const mark = {
    class: exchange.ok ? 'attempt-mark' : 'attempt-mark attempt-bad',
    'data-answer': answer,
    'data-verdict': verdict,
    'data-timeline': place.timeline,
    'data-index': place.index,
    tabindex: 0,
    role: 'button',
    'aria-label': `${said}; show its request and answer`,
  };
  const hit = { class: 'row-hit', x: 0, y, width, height: rowHeight, fill: 'transparent' };
  return element(
    'g',
    mark,
    element('title', {}, escapeHtml(said)) +
      element('rect', hit) +
      verdictMark(exchange.ok, markX, y + rowHeight / 2) +
      rowText(exchange, result, y) +
      bar(exchange, answer, place, y) +
      deadlineTick(exchange, place, y),
  );
}
