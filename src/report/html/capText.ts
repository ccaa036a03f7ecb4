/** Text cut to at most `maxBytes` UTF-8 bytes, and a note saying so when it was cut. */
export interface CappedText {
  readonly text: string;
  readonly note?: string;
}

const kib = (bytes: number) =>
  bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * Cuts `text` to its first `maxBytes` UTF-8 bytes, never inside a character (a character the cut
 * would split is left out whole).
 */
export function capText(text: string, maxBytes: number): CappedText {
  if (text.length * 3 <= maxBytes) return { text };
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text };
  let end = maxBytes;
  // Back off to the start of a character: UTF-8 continuation bytes are 10xxxxxx.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return {
    text: bytes.subarray(0, end).toString('utf8'),
    note: `cut: the first ${kib(end)} of ${kib(bytes.length)} are shown`,
  };
}
