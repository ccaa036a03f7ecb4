import type { Report } from '../report/Report.js';

/**
 * A caller's `onProgress`, called so that it cannot break the run: a snapshot is built only when it
 * is wanted, and an error it throws (while a scenario is being answered, say) is kept, not thrown
 * into the run; no snapshot is built after it, and {@link ProgressCallback.rethrow} throws it once
 * the run is over.
 */
export class ProgressCallback {
  #failed = false;
  #error: unknown;

  constructor(private readonly onProgress: ((snapshot: Report) => void) | undefined) {}

  /** Builds the snapshot and hands it on, unless nobody listens (or the listener threw before). */
  call(snapshot: () => Report): void {
    if (this.onProgress === undefined || this.#failed) return;
    try {
      this.onProgress(snapshot());
    } catch (error) {
      this.#failed = true;
      this.#error = error;
    }
  }

  /** Throws what `onProgress` threw, if it did. */
  rethrow(): void {
    if (this.#failed) throw this.#error;
  }
}
