import { jsonText } from './jsonText.js';

/**
 * Whether two values from the wire are the same JSON. A value nested too deep to be written as JSON
 * (see {@link jsonText}) is the same only as itself: no body can overflow the stack here.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const text = jsonText(a);
  return text !== undefined && text === jsonText(b);
}
