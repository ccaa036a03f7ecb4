import { counted } from '../util/counted.js';

/** What kind of problem an {@link Issue} reports. */
export type IssueCode =
  | 'not-an-object'
  | 'missing-field'
  | 'wrong-type'
  | 'wrong-value'
  | 'wrong-format'
  | 'unknown-field'
  | 'unknown-enum-value'
  | 'not-json'
  | 'header-mismatch';

/**
 * One finding of a validator, written for a person: which field, what was expected, what was found.
 *
 * @example
 * { field: 'GSW_CALL_RESULT', code: 'wrong-type', expected: 'an integer', found: 'the string "7"',
 *   message: 'GSW_CALL_RESULT: expected an integer, found the string "7"' }
 */
export interface Issue {
  /** The field (body key), header or part of the request the issue is about. */
  readonly field: string;
  readonly code: IssueCode;
  /** What the schema or the spec expects, in plain words. */
  readonly expected: string;
  /** What was there instead, in plain words. */
  readonly found: string;
  /** `field: expected …, found …`, ready to print. */
  readonly message: string;
}

/** The outcome of a validation: `valid` is false exactly when there are errors; warnings never fail. */
export interface ValidationResult {
  readonly valid: boolean;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
}

export function issue(field: string, code: IssueCode, expected: string, found: string): Issue {
  return {
    field,
    code,
    expected,
    found,
    message: `${field}: expected ${expected}, found ${found}`,
  };
}

/** Describes a JSON value in a few words: `the string "7"`, `the number 7.5`, `an array`, `null`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${counted(value.length, 'item')}`;
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
      return value === '' ? 'an empty string' : `the string ${JSON.stringify(shown)}`;
    }
    case 'number':
      return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'a JSON object';
    default:
      return `a ${typeof value}`;
  }
}
