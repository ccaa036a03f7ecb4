/** `1 notification`, `3 notifications`: a count with its noun, plural when it is not 1. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
