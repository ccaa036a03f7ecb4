import type { FindingStatus } from '../Report.js';
import { element } from './element.js';

/** The words of each status, as the terminal report prints them. */
export const statusWords: Readonly<Record<FindingStatus, string>> = Object.freeze({
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  skip: 'SKIP',
});

/** A finding's status as a coloured badge (the colour is `.badge-<status>` in the page style). */
export function statusBadge(status: FindingStatus): string {
  // A status from a hand-written report may be none of the four: shown as it is, uncoloured.
  const word = (statusWords as Record<string, string | undefined>)[status] ?? String(status);
  return element('span', { class: `badge badge-${status}` }, word.replace(/[^A-Za-z0-9-]/g, ''));
}
