/**
 * The open notifications whose last attempt failed (answered without a 2xx, or left by the sender),
 * by content: only those can be retried, so only those can be the notification a request with a new
 * GUID but the same content retries. One still in flight is not here, so a new notification that
 * happens to share its content is never taken for its retry. Empty in a run where everything is
 * delivered at once: then nothing is fingerprinted at all.
 */
export class AwaitingRetryIndex<T> {
  readonly #byContent = new Map<string, Set<T>>();
  readonly #contentOf = new Map<T, string>();

  get size(): number {
    return this.#contentOf.size;
  }

  /** Files `item` under its content (computed only now, when one of its attempts failed). */
  add(item: T, fingerprint: string | undefined): void {
    if (fingerprint === undefined || this.#contentOf.has(item)) return;
    this.#contentOf.set(item, fingerprint);
    const same = this.#byContent.get(fingerprint) ?? new Set<T>();
    this.#byContent.set(fingerprint, same.add(item));
  }

  /** Takes `item` out: its retry came, or it is over. */
  remove(item: T): void {
    const fingerprint = this.#contentOf.get(item);
    if (fingerprint === undefined) return;
    this.#contentOf.delete(item);
    const same = this.#byContent.get(fingerprint)!;
    same.delete(item);
    if (same.size === 0) this.#byContent.delete(fingerprint);
  }

  /** The items awaiting a retry with this content. */
  with(fingerprint: string | undefined): T[] {
    const same = fingerprint === undefined ? undefined : this.#byContent.get(fingerprint);
    return same === undefined ? [] : [...same];
  }
}
