/** One command waited on, and when it is due. */
interface Waiting {
  readonly due: number;
  readonly reject: (error: Error) => void;
}

/**
 * A time limit on each Redis command, kept by one coarse timer instead of a timer per command (the
 * client's own `commandTimeout` arms and clears a timer for every command, a cost each notification
 * pays twice). A command past its limit is failed with "timed out" within a quarter of the limit after
 * it; its late reply, if any, is ignored.
 */
export class CommandDeadlines {
  readonly #waiting = new Set<Waiting>();
  readonly #timer: NodeJS.Timeout;

  constructor(readonly limitMs: number) {
    this.#timer = setInterval(() => this.#expire(), Math.max(5, Math.floor(limitMs / 4)));
    this.#timer.unref();
  }

  /** `command`'s outcome, or a "timed out" failure once it took longer than the limit. */
  within<T>(command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiting: Waiting = { due: performance.now() + this.limitMs, reject };
      this.#waiting.add(waiting);
      command.then(
        (value) => {
          this.#waiting.delete(waiting);
          resolve(value);
        },
        (error: Error) => {
          this.#waiting.delete(waiting);
          reject(error);
        },
      );
    });
  }

  /** Fails the commands past their limit (the oldest come first: a Set keeps insertion order). */
  #expire(): void {
    const now = performance.now();
    for (const waiting of this.#waiting) {
      if (waiting.due > now) return;
      this.#waiting.delete(waiting);
      waiting.reject(new Error(`timed out after ${this.limitMs} ms`));
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
