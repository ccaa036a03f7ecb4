/** One exchange in progress: cut short by `cut`, over when `end` is called. */
export interface Flight {
  /** Aborted when the exchange is cut short (the proxy is stopping). */
  readonly signal: AbortSignal;
  readonly end: () => void;
}

/**
 * The exchanges the proxy is handling: so that stopping can give them a moment to finish, then cut
 * the rest short (each recorded with why) instead of waiting for a slow target.
 */
export class InFlight {
  readonly #flights = new Map<AbortController, () => void>();
  readonly #ended = new Set<() => void>();

  get size(): number {
    return this.#flights.size;
  }

  /** An exchange starts. */
  start(): Flight {
    const controller = new AbortController();
    let end!: () => void;
    const over = new Promise<void>((resolve) => (end = resolve));
    this.#flights.set(controller, end);
    void over.then(() => {
      this.#flights.delete(controller);
      if (this.#flights.size === 0) for (const waiter of this.#ended) waiter();
    });
    return { signal: controller.signal, end };
  }

  /** Resolves when no exchange is left, or after `ms`: whichever comes first. */
  async settled(ms: number): Promise<void> {
    if (this.#flights.size === 0) return;
    let waiter!: () => void;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#ended.add((waiter = resolve));
      timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    this.#ended.delete(waiter);
  }

  /** Cuts every exchange still in progress short, with why; resolves once each has ended (at most `ms`). */
  async cut(why: string, ms: number): Promise<void> {
    for (const controller of this.#flights.keys()) controller.abort(new Error(why));
    await this.settled(ms);
  }
}
