import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { RecordedExchange } from './RecordedExchange.js';

/**
 * Appends exchanges to an NDJSON recording as they complete: nothing is kept once written, so a long
 * run holds no more than what the disk has not taken yet. The file's folders are created.
 */
export class RecordWriter {
  readonly #stream: WriteStream;
  #count = 0;
  #failure: Error | undefined;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.#stream = createWriteStream(file, { flags: 'a' });
    this.#stream.on('error', (error) => (this.#failure = error));
  }

  /** How many exchanges were written. */
  get count(): number {
    return this.#count;
  }

  write(exchange: RecordedExchange): void {
    if (this.#failure !== undefined) return;
    this.#stream.write(`${JSON.stringify(exchange)}\n`);
    this.#count += 1;
  }

  /** Flushes and closes the file; rejects when it could not be written. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#stream.end(() => (this.#failure ? reject(this.#failure) : resolve()));
    });
  }
}
