/**
 * A value from outside (a JSON answer, a header, a schema keyword) as text for a message: strings as
 * they are, objects as JSON (never `[object Object]`), the rest as they print.
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
