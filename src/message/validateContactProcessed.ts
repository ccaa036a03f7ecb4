import { ajvIssues } from './ajvIssues.js';
import { enumNames } from './enumNames.js';
import { issue, type Issue, type ValidationResult } from './Issue.js';
import { fieldNames } from './schema.js';
import { validateBody } from './compiledValidators.js';

const knownFields = new Set(fieldNames);
/** Per enumerated field: its known values (as numbers, so a check needs no string conversion) and how many. */
const enumFields = Object.entries(enumNames).map(
  ([field, names]) =>
    [field, new Set(Object.keys(names).map(Number)), Object.keys(names).length] as const,
);

/** The name the body issues use for a place in the message: the key itself, or `(message)` for the whole. */
export function bodyFieldName(path: readonly string[]): string {
  return path.length === 0 ? '(message)' : path.join('.');
}

/**
 * The tolerant warnings: a `GSW_` key the schema does not name (a newer OCS release) and an
 * enumeration value outside the known table (vendors extend them). Neither makes a message invalid.
 */
function tolerantWarnings(message: Record<string, unknown>): Issue[] {
  const warnings: Issue[] = [];
  for (const key in message) {
    if (key.startsWith('GSW_') && !knownFields.has(key)) {
      warnings.push(
        issue(
          key,
          'unknown-field',
          'a field this schema names (a newer OCS release may add fields)',
          'an unknown GSW_ field, accepted',
        ),
      );
    }
  }
  for (const [field, known, size] of enumFields) {
    const value = message[field];
    if (typeof value === 'number' && Number.isInteger(value) && !known.has(value)) {
      warnings.push(
        issue(
          field,
          'unknown-enum-value',
          `one of the known values 0-${size - 1}`,
          `${value}, outside the known table, accepted`,
        ),
      );
    }
  }
  return warnings;
}

/**
 * Validates a parsed notification body against the canonical schema.
 *
 * @example
 * const result = validateContactProcessed(JSON.parse(body));
 * if (!result.valid) for (const e of result.errors) console.error(e.message);
 */
export function validateContactProcessed(value: unknown): ValidationResult {
  const valid = validateBody(value);
  const errors = valid ? [] : ajvIssues(validateBody.errors ?? [], bodyFieldName);
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const warnings = isObject ? tolerantWarnings(value as Record<string, unknown>) : [];
  return { valid, errors, warnings };
}
