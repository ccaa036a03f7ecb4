/**
 * Characters JSON may carry raw that a terminal, an editor or a code viewer acts on: DEL, the C1
 * controls (U+009B is a CSI on its own), the line and paragraph separators, and the bidirectional
 * overrides, embeddings, isolates and marks. `JSON.stringify` already escapes the C0 controls.
 */
const RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const RAW_ALL = new RegExp(RAW.source, 'g');

const escaped = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON text (from `JSON.stringify`) with every character a viewer would act on written as a
 * `\uXXXX` escape: the same JSON value, safe to `cat` in a terminal or open in an editor. Only valid
 * inside JSON strings, where every such character is (JSON has no other place for them).
 *
 * @example
 * escapeJsonControls(JSON.stringify({ guid: 'a\u202eb' })) // '{"guid":"a\\u202eb"}'
 */
export function escapeJsonControls(json: string): string {
  // Pure ASCII without DEL (most lines) has none of them: two scans in native code, no regex.
  if (Buffer.byteLength(json) === json.length && !json.includes('\u007f')) return json;
  return RAW.test(json) ? json.replace(RAW_ALL, escaped) : json;
}
