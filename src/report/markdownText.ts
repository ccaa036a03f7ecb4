import { terminalSafe } from '../util/terminalSafe.js';

/** The characters Markdown or the HTML inside it would act on. */
const MARKDOWN = /[\\`*_{}[\]()#+|~!<>&]/g;
const ENTITY: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * Text (perhaps from the wire) as literal Markdown on one line, cut after `max` characters: every
 * character Markdown or HTML would act on is escaped (`<` as `&lt;`, `*` as `\*`), and line breaks
 * and controls are written as their escapes (`\n`), so nothing in it makes a link, an image, a table
 * cell, a heading or a tag.
 *
 * @example
 * markdownText('<img src=x>') // '&lt;img src=x&gt;'
 */
export function markdownText(text: string, max = 500): string {
  const line = terminalSafe(text);
  const cut = line.length > max ? `${line.slice(0, max)}…` : line;
  return cut.replace(MARKDOWN, (char) => ENTITY[char] ?? `\\${char}`);
}
