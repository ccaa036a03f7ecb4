import type { Timeline } from '../Report.js';
import { exchangeDetail, type ExchangeDetail } from './exchangeDetail.js';
import { htmlLimits, type HtmlLimits } from './htmlLimits.js';

/** What the parts of one page share while it is written: its limits, and the timelines drawn so far. */
export interface HtmlContext {
  readonly limits: HtmlLimits;
  /** The exchanges of each timeline drawn, in page order: the page embeds them as JSON. */
  readonly timelines: ExchangeDetail[][];
  /** The timelines left out because the page already has `limits.timelines`. */
  omittedTimelines: number;
}

export function createHtmlContext(limits: HtmlLimits = htmlLimits): HtmlContext {
  return { limits, timelines: [], omittedTimelines: 0 };
}

/**
 * Takes a timeline into the page: its page-wide index (its exchanges, bodies cut, are kept for the
 * embedded data), or `undefined` when the page already holds as many timelines as it may.
 */
export function admitTimeline(context: HtmlContext, timeline: Timeline): number | undefined {
  if (context.timelines.length >= context.limits.timelines) {
    context.omittedTimelines += 1;
    return undefined;
  }
  const bodyBytes = context.limits.bodyBytes;
  context.timelines.push(timeline.exchanges.map((exchange) => exchangeDetail(exchange, bodyBytes)));
  return context.timelines.length - 1;
}
