/** Why an exchange was cut short: its deadline passed, or the proxy was stopped. */
export class CutShort extends Error {
  constructor(
    readonly kind: 'deadline' | 'stop',
    message: string,
  ) {
    super(message);
  }
}

/** One exchange in progress. */
export interface Flight {
  /** Aborted (with a {@link CutShort}) when its deadline passes or the proxy stops. */
  readonly signal: AbortSignal;
  readonly end: () => void;
}

interface Entry {
  readonly controller: AbortController;
  readonly deadline: number;
}

/** How often deadlines are looked at: one timer for every exchange, not one each. */
const SWEEP_EVERY_MS = 250;

/**
 * The exchanges the proxy is handling, each with a deadline (`limitMs` after it started): one sweep
 * cuts those past it short, and stopping gives them a moment to finish, then cuts the rest short
 * (each is recorded with why) instead of waiting for a slow target or a slow sender.
 */
export class InFlight {
  readonly #flights = new Set<Entry>();
  readonly #waiters = new Set<() => void>();
  #sweep: NodeJS.Timeout | undefined;

  constructor(readonly limitMs: number) {}

  get size(): number {
    return this.#flights.size;
  }

  /** An exchange starts. */
  start(): Flight {
    const entry = { controller: new AbortController(), deadline: performance.now() + this.limitMs };
    this.#flights.add(entry);
    this.#sweep ??= setInterval(() => this.#cutLate(), SWEEP_EVERY_MS).unref();
    return { signal: entry.controller.signal, end: () => this.#end(entry) };
  }

  #end(entry: Entry): void {
    if (!this.#flights.delete(entry) || this.#flights.size > 0) return;
    clearInterval(this.#sweep);
    this.#sweep = undefined;
    for (const waiter of this.#waiters) waiter();
  }

  #cutLate(): void {
    const now = performance.now();
    for (const { controller, deadline } of this.#flights)
      if (now >= deadline && !controller.signal.aborted)
        controller.abort(new CutShort('deadline', `no answer within ${this.limitMs} ms`));
  }

  /** Resolves when no exchange is left, or after `ms`: whichever comes first. */
  async settled(ms: number): Promise<void> {
    if (this.#flights.size === 0) return;
    let waiter!: () => void;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#waiters.add((waiter = resolve));
      timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    this.#waiters.delete(waiter);
  }

  /** Cuts every exchange still in progress short, with why; resolves once each has ended (at most `ms`). */
  async cut(why: string, ms: number): Promise<void> {
    for (const { controller } of this.#flights) controller.abort(new CutShort('stop', why));
    await this.settled(ms);
  }
}
