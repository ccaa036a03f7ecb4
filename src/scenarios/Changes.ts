/** Waiters for a condition on recorded state, woken whenever the state changes. */
export class Changes {
  readonly #listeners = new Set<() => void>();

  /** Says the state changed: every waiter checks its condition. */
  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves true once `condition` holds, or false after `timeoutMs` or when `signal` aborts. */
  waitFor(condition: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      if (condition()) return resolve(true);
      if (signal?.aborted) return resolve(false);
      const check = () => {
        if (condition()) finish(true);
      };
      const stop = () => finish(false);
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        signal?.removeEventListener('abort', stop);
        resolve(value);
      };
      const timer = setTimeout(stop, timeoutMs);
      this.#listeners.add(check);
      signal?.addEventListener('abort', stop, { once: true });
    });
  }
}
