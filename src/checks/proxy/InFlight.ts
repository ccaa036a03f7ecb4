import { EventEmitter } from 'node:events';

/**
 * Why an exchange was cut short: its deadline passed, or the proxy was stopped. The reason of a
 * {@link FlightSignal}, not an error anyone throws.
 */
export class CutShort {
  constructor(
    readonly kind: 'deadline' | 'stop',
    readonly message: string,
  ) {}
}

/**
 * The cut of one exchange: a signal as undici's `request` takes one (an emitter of `abort` with
 * `aborted` and `reason`). An EventEmitter, not an AbortController: a proxy makes one per request,
 * and EventTarget listeners cost several times more than an emitter's.
 */
export class FlightSignal extends EventEmitter {
  aborted = false;
  reason: CutShort | undefined;

  abort(reason: CutShort): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/** One exchange in progress. */
export interface Flight {
  /** Aborted (with a {@link CutShort}) when its deadline passes or the proxy stops. */
  readonly signal: FlightSignal;
  readonly end: () => void;
}

interface Entry {
  readonly signal: FlightSignal;
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
  /**
   * The sweep for flights past their deadline: started with a flight, stopped by itself when it finds
   * none (not whenever the last one ends: between two requests of a busy proxy that cost more).
   */
  #sweep: NodeJS.Timeout | undefined;

  constructor(readonly limitMs: number) {}

  get size(): number {
    return this.#flights.size;
  }

  /** An exchange starts. */
  start(): Flight {
    const entry = { signal: new FlightSignal(), deadline: performance.now() + this.limitMs };
    this.#flights.add(entry);
    if (this.#sweep === undefined)
      this.#sweep = setInterval(() => this.#cutLate(), SWEEP_EVERY_MS).unref();
    return { signal: entry.signal, end: () => this.#end(entry) };
  }

  #end(entry: Entry): void {
    if (!this.#flights.delete(entry) || this.#flights.size > 0) return;
    for (const waiter of this.#waiters) waiter();
  }

  #cutLate(): void {
    if (this.#flights.size === 0) {
      clearInterval(this.#sweep);
      this.#sweep = undefined;
      return;
    }
    const now = performance.now();
    for (const { signal, deadline } of this.#flights)
      if (now >= deadline)
        signal.abort(new CutShort('deadline', `no answer within ${this.limitMs} ms`));
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
    for (const { signal } of this.#flights) signal.abort(new CutShort('stop', why));
    await this.settled(ms);
  }
}
