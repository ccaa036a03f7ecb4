import type { ExchangeRecord, Timeline } from '../Report.js';

/**
 * The drawing's geometry, in SVG user units (the SVG scales to its container's width, down to 640
 * px: narrower, it scrolls). Each row is two lines: its verdict mark, label and outcome, then its bar.
 */
export const timelineLayout = Object.freeze({
  width: 900,
  /** Where the verdict marks are centred. */
  markX: 14,
  /** The plot, after the verdict marks: where the rows' text starts and time 0 is. */
  plotLeft: 30,
  plotRight: 886,
  rowHeight: 40,
  /** Room above the rows for the response timeout's label. */
  top: 28,
  /** Room below the rows for the time axis. */
  bottom: 24,
  /** The narrowest a bar is drawn, however short its exchange: wide enough to see and to click. */
  minBarWidth: 12,
  /**
   * The most characters of a row's outcome drawn; its label gets the rest of the line, at least
   * `labelChars` (all of both is in the row's tooltip and its panel).
   */
  outcomeChars: 44,
  labelChars: 60,
  /**
   * How wide a character of the row text is, at most on average, in user units: 12 px DejaVu Sans,
   * the widest of the usual sans-serif fonts (bold for the label).
   */
  labelCharWidth: 7.2,
  outcomeCharWidth: 6.6,
});

/** Where time goes on the plot. */
export interface TimelineScale {
  /** The time at the plot's right edge. */
  readonly endMs: number;
  /** The x of a time, in ms after the first exchange started. */
  readonly x: (ms: number) => number;
  /** The times of the axis's tick marks: 0 and round steps (1, 2 or 5 × a power of ten). */
  readonly ticks: readonly number[];
}

/** A time from the report as a number the drawing can use (missing, negative or NaN is 0). */
export const timeOf = (ms: number | undefined) =>
  ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : 0;

/** When an exchange's bar ends: at its answer, or (never answered) at its response timeout. */
export const barEndMs = (exchange: ExchangeRecord, limitMs: number) =>
  timeOf(exchange.startMs) +
  (exchange.durationMs === undefined ? limitMs : timeOf(exchange.durationMs));

function roundStep(endMs: number): number {
  const raw = endMs / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}

/** The scale of a timeline: from 0 to a little past its last bar end or its response timeout. */
export function timelineScale(timeline: Timeline): TimelineScale {
  const limitMs = timeOf(timeline.limitMs);
  const lastMs = timeline.exchanges.reduce(
    (last, e) => Math.max(last, barEndMs(e, limitMs)),
    limitMs,
  );
  const endMs = Math.max(1, lastMs * 1.05);
  const { plotLeft: left, plotRight } = timelineLayout;
  const plotWidth = plotRight - left;
  const step = roundStep(endMs);
  const ticks: number[] = [];
  for (let i = 0; i * step <= endMs; i += 1) ticks.push(i * step);
  return { endMs, x: (ms) => left + (Math.min(ms, endMs) / endMs) * plotWidth, ticks };
}
