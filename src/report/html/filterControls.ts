import type { FindingStatus } from '../Report.js';
import { element } from './element.js';

/** The choices of the filter, in the order shown: everything, then each status. */
export const filterChoices = ['all', 'fail', 'warn', 'pass', 'skip'] as const;

/**
 * The filter at the top of the page: one radio input per choice, each labelled with its count. The
 * inputs come before `<main>` as its siblings, so the page style alone hides the other findings
 * (`#filter-fail:checked ~ main .finding:not([data-status="fail"])`): it works without script.
 */
export function filterControls(counts: Readonly<Record<FindingStatus, number>>): string {
  const total = counts.pass + counts.fail + counts.warn + counts.skip;
  const inputs = filterChoices
    .map((choice) =>
      element('input', {
        type: 'radio',
        name: 'filter',
        id: `filter-${choice}`,
        class: 'filter-input',
        value: choice,
        checked: choice === 'all',
      }),
    )
    .join('');
  const labels = filterChoices
    .map((choice) =>
      element(
        'label',
        { for: `filter-${choice}` },
        `${choice} ${element('span', { class: 'count' }, String(choice === 'all' ? total : counts[choice]))}`,
      ),
    )
    .join(' ');
  return `${inputs}${element('nav', { class: 'filters', 'aria-label': 'show findings' }, `Show: ${labels}`)}`;
}
