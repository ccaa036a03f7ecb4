import { element } from './element.js';

/** The colours of the verdict mark beside each bar: as it should be, or part of the defect. */
export const verdictColors = Object.freeze({ ok: '#1a7f37', bad: '#cf222e' });

/** What each verdict mark means, in the legend and in each mark's label. */
export const verdictWords = Object.freeze({ ok: 'as it should be', bad: 'part of the defect' });

/**
 * The verdict on one exchange, drawn apart from its answer's colour, centred on (`cx`, `cy`): a
 * green disc with a tick when it is as it should be, a red diamond with a cross when it is part of
 * the defect (a shape of its own, not only a colour).
 */
export function verdictMark(ok: boolean, cx: number, cy: number): string {
  const white = { fill: 'none', stroke: '#fff', 'stroke-width': 2, 'stroke-linecap': 'round' };
  if (ok)
    return element(
      'g',
      { class: 'verdict-mark verdict-ok' },
      element('circle', { cx, cy, r: 7, fill: verdictColors.ok }) +
        element('path', { d: `M${cx - 3.5} ${cy}l2.5 2.5l4.5-5`, ...white }),
    );
  return element(
    'g',
    { class: 'verdict-mark verdict-bad' },
    element('path', {
      d: `M${cx} ${cy - 8}l8 8l-8 8l-8-8z`,
      fill: verdictColors.bad,
    }) + element('path', { d: `M${cx - 3} ${cy - 3}l6 6m0-6l-6 6`, ...white }),
  );
}
