/** The SKIP of a scenario or check an interrupted run did not judge. */
export const NOT_RUN_INTERRUPTED = 'not run: the run was interrupted';
/** The SKIP of a scenario or check in a snapshot taken while the run goes on. */
export const NOT_JUDGED_YET = 'not judged yet: the run goes on';
/** Why a snapshot taken while the run goes on is incomplete. */
export const WHILE_RUNNING = 'written while the run goes on';

/** Why an interrupted run's report is incomplete: `interrupted: <the signal's reason as text>`. */
export function interruptedBecause(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  const text =
    reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : String(reason);
  return `interrupted: ${text}`;
}

/** Resolves with what `promise` resolves with, or with undefined as soon as `signal` aborts. */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T | undefined> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const stop = () => resolve(undefined);
    signal.addEventListener('abort', stop, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', stop);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
