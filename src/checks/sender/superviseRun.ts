import type { ScenarioRun, SenderOutcome } from './SenderRun.js';

/** A start-up at least this long is named in the problem of a run stopped at its limit. */
const NAMED_START_UP_MS = 2000;
/** How long a stopped run is given to end (an --exec process group killed, a send function told to stop). */
const STOP_GRACE_MS = 1000;

/** What a run is held to: a fixed limit from its start, or one that counts from its first request. */
export type RunLimit =
  | { readonly fixedMs: number }
  | {
      /** How long the run may take to send its first request. */
      readonly startUpMs: number;
      /** How long it may go on after its first request, given how long that took to come. */
      playMs(startUpMs: number): number;
    };

/** One run of the sender under test, and what the check watches it by. */
export interface RunSupervision {
  /** Starts the run; it should stop when `signal` aborts (its limit, or the check interrupted). */
  play(signal: AbortSignal): Promise<SenderOutcome | ScenarioRun | void>;
  /** Resolves with when the run's first request arrived, or undefined after `timeoutMs` or on abort. */
  firstRequest?(timeoutMs: number, signal: AbortSignal): Promise<number | undefined>;
  readonly limit: RunLimit;
  /** Told how long the run took to send its first request (undefined: nothing within the allowance). */
  onStartUp?(ms: number | undefined): void;
  /** The clock `firstRequest` answers on, in ms. */
  clock(): number;
  /** The check's own signal: when it aborts, the run is stopped. */
  readonly signal?: AbortSignal;
}

const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const stop = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', stop);
        resolve(true);
      },
      Math.max(0, ms),
    );
    signal.addEventListener('abort', stop, { once: true });
  });
}

/** The run's own ending as a {@link ScenarioRun}: its outcome, or a throw as a failed outcome. */
async function settleRun(play: Promise<SenderOutcome | ScenarioRun | void>): Promise<ScenarioRun> {
  try {
    const result = await play;
    return typeof result === 'string' ? { outcome: result } : (result ?? {});
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    return {
      outcome: 'failed',
      ended: `threw ${message.split('\n')[0]}`,
      log: String((error as Error)?.stack ?? message)
        .split('\n')
        .slice(0, 8),
    };
  }
}

/** Resolves with the problem of a run that reached its limit; never when `done` aborts first. */
async function limitReached(
  s: RunSupervision,
  started: number,
  done: AbortSignal,
): Promise<ScenarioRun | undefined> {
  const { limit } = s;
  if ('fixedMs' in limit || s.firstRequest === undefined) {
    const fixedMs = 'fixedMs' in limit ? limit.fixedMs : limit.startUpMs + limit.playMs(0);
    return (await sleep(fixedMs, done))
      ? { problem: `did not finish within ${seconds(fixedMs)} s` }
      : undefined;
  }
  const first = await s.firstRequest(limit.startUpMs, done);
  if (done.aborted) return undefined;
  if (first === undefined) {
    s.onStartUp?.(undefined);
    return { problem: `sent nothing within ${seconds(limit.startUpMs)} s of starting` };
  }
  const took = Math.max(0, first - started);
  s.onStartUp?.(took);
  const allowed = limit.playMs(took);
  if (!(await sleep(first + allowed - s.clock(), done))) return undefined;
  const slow = took >= NAMED_START_UP_MS ? ` (it took ${seconds(took)} s to send it)` : '';
  return { problem: `did not finish within ${seconds(allowed)} s of its first request${slow}` };
}

/** Resolves when `signal` aborts, unless `done` aborts first. */
function interruption(signal: AbortSignal | undefined, done: AbortSignal): Promise<ScenarioRun> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    const stop = () => resolve({ problem: 'was stopped: the check was interrupted' });
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    done.addEventListener('abort', () => signal.removeEventListener('abort', stop), { once: true });
  });
}

/**
 * Runs the sender once and holds it to its limit: the run's own ending, or a problem saying why it
 * was stopped (its limit, or the check interrupted). A stopped run is told so through its signal, and
 * given a moment to end (an --exec process group is killed) before this resolves.
 */
export async function superviseRun(s: RunSupervision): Promise<ScenarioRun> {
  const stop = new AbortController();
  const done = new AbortController();
  const started = s.clock();
  let ended = false;
  const own = settleRun(s.play(stop.signal)).finally(() => {
    ended = true;
  });
  const stopped = Promise.race([
    limitReached(s, started, done.signal),
    interruption(s.signal, done.signal),
  ]);
  try {
    const run = await Promise.race([own, stopped.then((problem) => problem ?? own)]);
    if (!ended) {
      stop.abort(s.signal?.aborted === true ? s.signal.reason : new Error(run.problem));
      await Promise.race([own, sleep(STOP_GRACE_MS, done.signal)]);
    }
    return run;
  } finally {
    done.abort();
  }
}
