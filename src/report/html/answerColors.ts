import type { AnswerClass } from '../Report.js';

/**
 * The colour of a timeline bar by what came back, whatever the verdict (that is the mark beside it):
 * green, blue, amber, red for the four status classes, violet for any other status, grey (drawn
 * faded up to the timeout) for no answer, near-black for a connection that failed.
 */
export const answerColors: Readonly<Record<AnswerClass, string>> = Object.freeze({
  '2xx': '#2da44e',
  '3xx': '#0969da',
  '4xx': '#bf8700',
  '5xx': '#a40e26',
  'other-status': '#8250df',
  'no-answer': '#6e7781',
  'connection-failed': '#24292f',
});

/** What each colour means, in the legend and in each mark's label. */
export const answerWords: Readonly<Record<AnswerClass, string>> = Object.freeze({
  '2xx': '2xx answer',
  '3xx': '3xx answer (a redirect)',
  '4xx': '4xx answer',
  '5xx': '5xx answer',
  'other-status': 'another status',
  'no-answer': 'no answer',
  'connection-failed': 'connection failed',
});
