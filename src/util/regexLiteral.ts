/**
 * A text as a regular expression's source that matches exactly it: every character with a meaning
 * in a pattern escaped.
 *
 * @example
 * new RegExp(`^${regexLiteral('a.b')}$`).test('axb') // false
 */
export const regexLiteral = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
