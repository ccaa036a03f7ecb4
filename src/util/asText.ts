import { JSON_TEXT_NESTING, jsonText } from './jsonText.js';

/**
 * A value from outside (a JSON answer, a header, a schema keyword) as text for a message: strings as
 * they are, objects as JSON (never `[object Object]`), the rest as they print.
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null)
    return jsonText(value) ?? `(a value nested more than ${JSON_TEXT_NESTING} levels deep)`;
  return String(value);
}
