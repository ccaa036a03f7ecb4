import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { OutputError, writeFailure } from '../errors/OutputError.js';
import type { RecordedExchange } from './RecordedExchange.js';

/** What went wrong writing a recording: the first failure, and how many exchanges it cost. */
export interface RecordFailure {
  readonly file: string;
  /** The first failure in words: `no space left on the device (ENOSPC)`. */
  readonly why: string;
  readonly at: Date;
}

/**
 * Appends exchanges to an NDJSON recording, each line handed to the system before the caller answers
 * the sender: a line in the kernel survives the process being killed (SIGKILL included), so every
 * exchange whose answer reached the sender is in the file. Nothing is kept in memory once written.
 *
 * A write that fails (a full disk) loses that line only: a partly written line is cut off again, so
 * the file never holds a broken line, and the next lines are tried again. The first failure is told
 * to `onFailure` at once; `lost` counts the lines not written.
 */
export class RecordWriter {
  #fd: number | undefined;
  /** The size of the file's whole lines: where to cut back to after a partial write. */
  #size = 0;
  #count = 0;
  #lost = 0;
  #failure: RecordFailure | undefined;

  /**
   * Opens (creates) the file for appending, its folders first; an OutputError names `output` and why
   * when it cannot be written (a folder, no permission), before anything is recorded.
   */
  constructor(
    readonly file: string,
    readonly onFailure: (failure: RecordFailure) => void = () => undefined,
    output = 'record',
  ) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      this.#fd = openSync(file, 'a');
      this.#size = fstatSync(this.#fd).size;
    } catch (error) {
      throw new OutputError(output, file, writeFailure(error), { cause: error });
    }
  }

  /** How many exchanges were written. */
  get count(): number {
    return this.#count;
  }

  /** How many exchanges could not be written. */
  get lost(): number {
    return this.#lost;
  }

  /** The first failure, if any. */
  get failure(): RecordFailure | undefined {
    return this.#failure;
  }

  /** Writes one exchange's line now; false when it could not be written (counted in `lost`). */
  write(exchange: RecordedExchange): boolean {
    if (this.#fd === undefined) return false;
    const line = Buffer.from(`${JSON.stringify(exchange)}\n`, 'utf8');
    try {
      for (let done = 0; done < line.byteLength;)
        done += writeSync(this.#fd, line, done, line.byteLength - done);
      this.#size += line.byteLength;
      this.#count += 1;
      return true;
    } catch (error) {
      this.#failed(error);
      return false;
    }
  }

  #failed(error: unknown): void {
    this.#lost += 1;
    try {
      ftruncateSync(this.#fd!, this.#size);
    } catch {
      // The line stays cut; readRecording names a broken line by its number.
    }
    if (this.#failure !== undefined) return;
    this.#failure = { file: this.file, why: writeFailure(error), at: new Date() };
    this.onFailure(this.#failure);
  }

  /** Closes the file (every line is already written). */
  close(): Promise<void> {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    return Promise.resolve();
  }
}
