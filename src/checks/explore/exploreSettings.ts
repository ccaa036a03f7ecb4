import { randomInt } from 'node:crypto';
import { assumptions } from '../../assumptions.js';
import { badOption } from '../../errors/OptionError.js';

/** Options of `check-receiver --explore` (`explore` of `checkReceiver`). */
export interface ExploreOptions {
  /** Generated requests per property, before any shrinking (`--explore-runs`); default 100. */
  readonly runs?: number;
  /** The time the whole exploration may take, in ms (`--explore-time`, in seconds); default 60 000. */
  readonly timeMs?: number;
  /**
   * The seed (`--seed`), 0 to 2147483647: the same seed sends the same requests in the same order, so
   * a receiver that answers the same way gets the same findings. Default: a random one, reported.
   */
  readonly seed?: number;
  /** At most this many connections at once (`--pool-size`, `http-connection-pool-size`); default 1. */
  readonly connectionPoolSize?: number;
}

/** {@link ExploreOptions} checked, with their defaults. */
export interface ExploreSettings {
  readonly runs: number;
  readonly timeMs: number;
  readonly seed: number;
  readonly connections: number;
}

export const DEFAULT_EXPLORE_RUNS = 100;
export const DEFAULT_EXPLORE_TIME_MS = 60_000;
/** The largest seed (fast-check's seeds are 32-bit integers). */
const MAX_SEED = 2 ** 31 - 1;

const wholeAtLeast = (value: number, min: number) => Number.isSafeInteger(value) && value >= min;

/** The options of an exploration, checked before anything is sent (an OptionError names a bad one). */
export function exploreSettings(options: ExploreOptions): ExploreSettings {
  const {
    runs = DEFAULT_EXPLORE_RUNS,
    timeMs = DEFAULT_EXPLORE_TIME_MS,
    seed = randomInt(MAX_SEED),
    connectionPoolSize: connections = assumptions.connectionPoolSize,
  } = options;
  if (!wholeAtLeast(runs, 1)) badOption('explore.runs', 'an integer 1 or more', runs);
  if (!(timeMs > 0) || !Number.isFinite(timeMs))
    badOption('explore.timeMs', 'a number of milliseconds greater than 0', timeMs);
  if (!wholeAtLeast(seed, 0) || seed > MAX_SEED)
    badOption('explore.seed', `an integer from 0 to ${MAX_SEED}`, seed);
  if (!wholeAtLeast(connections, 1))
    badOption('explore.connectionPoolSize', 'an integer 1 or more', connections);
  return { runs, timeMs, seed, connections };
}
