import fc from 'fast-check';

/**
 * Names as a campaign, a calling list or an agent has them in other scripts: Latin with accents,
 * Greek, Cyrillic, Hebrew, Arabic, Devanagari, Thai, Chinese, Japanese, Korean, and an emoji (outside
 * the Basic Multilingual Plane: two UTF-16 units, four UTF-8 bytes).
 */
const NAMES_IN_OTHER_SCRIPTS = [
  'Zürich Rückruf',
  'Ελληνικά',
  'Кампания весна',
  'רשימה',
  'حملة الربيع',
  'हिन्दी सूची',
  'แคมเปญ',
  '春季续约',
  '東京キャンペーン',
  '한국어 목록',
  'Renewals 🎉',
] as const;

/** The characters of a text, each grapheme whole (an emoji, a letter with its marks). */
const graphemes = (text: string): string[] =>
  [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

/**
 * Text with at least one character outside ASCII, for a string field: part of a name in another
 * script (any of its characters, in order), or any printable text (any grapheme of Unicode), at most
 * 40 characters. Shrinks toward as few characters as still fail: often just one.
 */
export const nonAsciiText: fc.Arbitrary<string> = fc
  .oneof(
    ...NAMES_IN_OTHER_SCRIPTS.map((name) =>
      fc.subarray(graphemes(name), { minLength: 1 }).map((parts) => parts.join('')),
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  )
  .filter((text) => /[^\x20-\x7e]/.test(text));

/** Text a field may hold: empty, plain ASCII, or text outside ASCII. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 40 }),
  nonAsciiText,
);
