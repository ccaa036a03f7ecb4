/** How often the meter looks at its own event loop, in ms. */
const TICK_MS = 20;
/** Lateness below this is the timer's own jitter, not lag. */
const NOTED_MS = 5;
/** The most stalls kept (a long --listen run on a busy machine must not grow without bound). */
const KEPT = 10_000;

/** One stretch during which the event loop could not run: from `from` to `to`, on the meter's clock. */
interface Stall {
  readonly from: number;
  readonly to: number;
}

/**
 * Measures how late the check's own event loop runs: a timer every {@link TICK_MS} ms notes each
 * stretch it could not fire in. A timing judged by the check (when a request arrived, when the
 * sender went away, when an answer came back) can be off by as much as the loop stalled around it,
 * so the judges widen their margins by {@link LagMeter.lagBetween} — what was measured, no more.
 */
export class LagMeter {
  readonly #clock: () => number;
  readonly #stalls: Stall[] = [];
  #last: number;
  #timer: NodeJS.Timeout | undefined;

  /** Starts measuring; `clock` gives the times the judges use (ms), default `performance.now()`. */
  constructor(clock: () => number = () => performance.now()) {
    this.#clock = clock;
    this.#last = clock();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    this.#timer.unref();
  }

  #tick(): void {
    const now = this.#clock();
    const late = now - this.#last - TICK_MS;
    this.#last = now;
    if (late < NOTED_MS) return;
    if (this.#stalls.length >= KEPT) this.#stalls.shift();
    this.#stalls.push({ from: now - late, to: now });
  }

  /**
   * The longest stall that overlaps `from`..`to` (ms on the meter's clock), up to now: 0 when the
   * loop kept time. A stall still going on at `to` is counted up to the moment of asking.
   */
  lagBetween(from: number, to: number): number {
    const current = this.#clock() - this.#last - TICK_MS;
    let longest = current >= NOTED_MS && this.#clock() - current <= to ? current : 0;
    for (const stall of this.#stalls)
      if (stall.to >= from && stall.from <= to) longest = Math.max(longest, stall.to - stall.from);
    return Math.round(longest);
  }

  /** The longest stall seen so far. */
  longest(): number {
    return this.lagBetween(-Infinity, Infinity);
  }

  /** Stops measuring (what was measured stays readable). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** A meter that measures nothing (every lag is 0), for judges given no measurements. */
export const NO_LAG: Pick<LagMeter, 'lagBetween' | 'longest'> = {
  lagBetween: () => 0,
  longest: () => 0,
};

/** What the judges read of a meter. */
export type LagReading = Pick<LagMeter, 'lagBetween' | 'longest'>;
