/**
 * The characters a terminal acts on instead of showing, or that make it show text in another order:
 * C0 controls (ESC, CR, LF, BEL, backspace, …), DEL, C1 controls (U+009B is a CSI on its own), the
 * Unicode line and paragraph separators, and the bidirectional overrides, embeddings, isolates and
 * marks (what "Trojan Source" hides code with).
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- these are the characters it looks for
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const escaped = (char: string): string => {
  const code = char.charCodeAt(0);
  if (NAMED[char] !== undefined) return NAMED[char];
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Text from the wire made safe to print on one line of a terminal: every character a terminal would
 * act on (an escape sequence that moves the cursor, erases a line or retitles the window; a CR or LF
 * that starts a fake line; a bidirectional override) is written as its escape: `\x1b`, `\r`, `\n`,
 * `\t`, `\x9b`, `\u202e`. Everything else is left as it is.
 *
 * @example
 * terminalSafe('\u001b[2K\rPASS') // the 12 characters \x1b[2K\rPASS
 */
export function terminalSafe(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escaped) : text;
}
