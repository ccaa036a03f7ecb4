import { fieldKind } from '../../message/fieldKind.js';
import { tableValues } from '../../message/arbitraryContactProcessed.js';
import { fieldNames } from '../../message/schema.js';

/** How much of a value a finding quotes. */
const QUOTED = 60;

/** A value as a finding quotes it: JSON, cut after {@link QUOTED} characters. */
export function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > QUOTED ? `${text.slice(0, QUOTED)}… (${text.length} characters)` : text;
}

/** `FIELD value`, a table value past its table marked as such. */
export function fieldWords(field: string, value: unknown): string {
  const named = fieldNames.includes(field) && fieldKind(field) === 'table';
  const past = named && typeof value === 'number' && !tableValues(field).includes(value);
  return `${field} ${quoted(value)}${past ? ' (past the known table)' : ''}`;
}

/** The changes a probe makes to its base message, in words: `GSW_CAMPAIGN_NAME "Ā", Other1 ""`. */
export const changesWords = (changes: Readonly<Record<string, unknown>>): string =>
  Object.entries(changes)
    .map(([field, value]) => fieldWords(field, value))
    .join(', ');
