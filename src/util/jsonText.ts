import { nestingWithin } from './nestingWithin.js';

/** How deep a value from the wire may nest to be written as JSON: a notification is flat. */
export const JSON_TEXT_NESTING = 64;

/**
 * `JSON.stringify(value)`, or undefined when the value nests deeper than `limit` levels: the one way
 * the kit writes a value that came from the wire, so that no body can overflow the stack.
 */
export function jsonText(value: unknown, limit = JSON_TEXT_NESTING): string | undefined {
  return nestingWithin(value, limit) ? JSON.stringify(value) : undefined;
}
