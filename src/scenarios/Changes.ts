/** Waiters for a condition on recorded state, woken whenever the state changes. */
export class Changes {
  readonly #listeners = new Set<() => void>();

  /** Says the state changed: every waiter checks its condition. */
  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /** Resolves true once `condition` holds, or false after `timeoutMs`. */
  waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      if (condition()) return resolve(true);
      const check = () => {
        if (condition()) finish(true);
      };
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.#listeners.add(check);
    });
  }
}
