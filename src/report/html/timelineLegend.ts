import { answerClasses } from '../Report.js';
import { answerColors, answerWords } from './answerColors.js';
import { element } from './element.js';
import { escapeHtml } from './escapeHtml.js';
import { verdictMark, verdictWords } from './verdictMark.js';

/** A small drawing for the legend, `content` in a 20 × 16 box. */
const swatch = (content: string) =>
  element('svg', { class: 'swatch', viewBox: '0 0 20 16', width: 20, height: 16 }, content);

/**
 * What a timeline's colours and marks mean, once at the top of a page that draws any: a bar's colour
 * is what came back (each class, as the bars draw it); the mark before it is the verdict, apart.
 */
export function timelineLegend(): string {
  const answers = answerClasses
    .map((answer) =>
      element(
        'li',
        { 'data-answer': answer },
        swatch(
          element('rect', { x: 1, y: 2, width: 18, height: 12, rx: 2, fill: answerColors[answer] }),
        ) + answerWords[answer],
      ),
    )
    .join('');
  const verdicts = (['ok', 'bad'] as const)
    .map((verdict) =>
      element(
        'li',
        { 'data-verdict': verdict },
        swatch(verdictMark(verdict === 'ok', 10, 8)) + verdictWords[verdict],
      ),
    )
    .join('');
  const intro =
    'Each row of a timeline is one exchange: its bar runs from its start over its duration, ' +
    "against the response timeout (the dashed line). A bar's colour is what came back:";
  return element(
    'aside',
    { class: 'legend', 'aria-label': 'how to read a timeline' },
    element('p', {}, escapeHtml(intro)) +
      element('ul', { class: 'legend-answers' }, answers) +
      element('p', {}, 'The mark before it is the verdict on that exchange, whatever came back:') +
      element('ul', { class: 'legend-verdicts' }, verdicts),
  );
}
