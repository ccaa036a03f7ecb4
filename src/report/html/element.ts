import { escapeHtml } from './escapeHtml.js';

/**
 * Attribute values: text and numbers are escaped and quoted, `true` is a bare name, `false` and
 * `undefined` leave the attribute out.
 */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

const value = (v: string | number) =>
  escapeHtml(typeof v === 'number' ? String(Math.round(v * 10) / 10) : v);

/**
 * An element as markup. Attribute values are always escaped (a value can hold any text); the
 * content is markup already (escape text with `escapeHtml` first). Without content the element is
 * written self-closed, for SVG shapes and HTML void elements (`<rect …/>`, `<input …/>`).
 */
export function element(tag: string, attributes: Attributes = {}, content?: string): string {
  const attrs = Object.entries(attributes)
    .filter(
      (entry): entry is [string, string | number | true] =>
        entry[1] !== undefined && entry[1] !== false,
    )
    .map(([name, v]) => (v === true ? ` ${name}` : ` ${name}="${value(v)}"`))
    .join('');
  return content === undefined ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${content}</${tag}>`;
}
