/**
 * The waits of held answers (a slow or silent receiver), all released at once when the session
 * closes, so that no timer outlives it.
 */
export class Holds {
  readonly #pending = new Set<() => void>();
  #closed = false;

  /** Waits `ms`, or less when the signal aborts or the session closes; resolves true when cut short. */
  hold(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#pending.delete(done);
        signal?.removeEventListener('abort', done);
        resolve(signal?.aborted === true || this.#closed);
      };
      const timer = setTimeout(done, ms);
      this.#pending.add(done);
      signal?.addEventListener('abort', done);
      if (this.#closed || signal?.aborted) done();
    });
  }

  /** Releases every hold, now and from now on. */
  close(): void {
    this.#closed = true;
    for (const done of [...this.#pending]) done();
  }
}
