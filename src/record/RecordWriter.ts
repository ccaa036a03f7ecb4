import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { OutputError, writeFailure } from '../errors/OutputError.js';
import { SecretMask } from '../http/SecretMask.js';
import { escapeJsonControls } from '../util/escapeJsonControls.js';
import { maskRecordedExchange } from './maskRecordedExchange.js';
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
  #pending: string[] = [];
  #then: (() => void)[] = [];
  #scheduled = false;

  /**
   * Writes one exchange's line together with the others of this turn of the event loop (one system
   * call for them all), then calls `then`: give the sender its answer in `then`, and the line is in
   * the file before the answer goes out.
   */
  writeThen(exchange: RecordedExchange, then: () => void): void {
    this.#pending.push(this.#line(exchange));
    this.#then.push(then);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flushPending());
  }

  #flushPending(): void {
    const lines = this.#pending;
    const then = this.#then;
    this.#pending = [];
    this.#then = [];
    this.#scheduled = false;
    this.#writeLines(lines.length === 1 ? lines[0]! : lines.join(''), lines.length);
    for (const callback of then) callback();
  }

  /**
   * Opens (creates) the file for appending, its folders first; an OutputError names `output` and why
   * when it cannot be written (a folder, no permission), before anything is recorded. Each line is
   * masked by `mask` (`maskRecordedExchange`; by default the credential headers by name, and their
   * values wherever they appear); with `null`, it is written as it is, secrets kept
   * (`--record-secrets`), and a file it creates is readable by its owner only (mode 600).
   */
  constructor(
    readonly file: string,
    readonly onFailure: (failure: RecordFailure) => void = () => undefined,
    output = 'record',
    readonly mask: SecretMask | null = new SecretMask(),
  ) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      // A recording that keeps secrets is created readable by its owner only.
      this.#fd = openSync(file, 'a', mask === null ? 0o600 : 0o666);
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
    return this.#writeLines(this.#line(exchange), 1);
  }

  /** An exchange as its line: masked (unless the mask is null), safe to print in a terminal. */
  #line(exchange: RecordedExchange): string {
    const shown = this.mask === null ? exchange : maskRecordedExchange(exchange, this.mask);
    return `${escapeJsonControls(JSON.stringify(shown))}\n`;
  }

  #writeLines(text: string, lines: number): boolean {
    if (this.#fd === undefined) return false;
    const bytes = Buffer.byteLength(text);
    try {
      // A regular file takes a whole write, or fails: a short write is a full disk.
      if (writeSync(this.#fd, text) !== bytes)
        throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      this.#size += bytes;
      this.#count += lines;
      return true;
    } catch (error) {
      this.#failed(error, lines);
      return false;
    }
  }

  #failed(error: unknown, lines: number): void {
    this.#lost += lines;
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
