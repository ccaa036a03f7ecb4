/**
 * What one HTML page holds at most, so that a large report still opens quickly: the body text of
 * each request and answer (UTF-8 bytes; longer bodies are cut, with a note), and the timelines drawn
 * (later findings keep their text, with a note instead of the timeline).
 */
export const htmlLimits = Object.freeze({
  bodyBytes: 64 * 1024,
  timelines: 2000,
});

export type HtmlLimits = { readonly bodyBytes: number; readonly timelines: number };
