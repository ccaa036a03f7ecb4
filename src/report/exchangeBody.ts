/** The most of a body an exchange of a report keeps, in bytes. */
export const EXCHANGE_BODY_KEPT = 64 * 1024;

/**
 * A request or answer body as a report's exchange keeps it: UTF-8 text, cut after 64 KiB with a note
 * saying how much was left out (a report is read by people, and a sender may send anything).
 */
export function exchangeBody(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.byteLength <= EXCHANGE_BODY_KEPT) return buffer.toString('utf8');
  const rest = buffer.byteLength - EXCHANGE_BODY_KEPT;
  return `${buffer.subarray(0, EXCHANGE_BODY_KEPT).toString('utf8')}\n… (${rest} more bytes)`;
}
