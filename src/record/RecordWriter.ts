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
  #pending: string[] = [];

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
    if (this.#pending.length === 0) setImmediate(() => this.#flush());
    this.#pending.push(`${JSON.stringify(exchange)}\n`);
    this.#count += 1;
  }

  /** The lines of one tick go to the file in one write (a busy proxy records thousands a second). */
  #flush(): void {
    if (this.#pending.length === 0) return;
    this.#stream.write(this.#pending.join(''));
    this.#pending = [];
  }

  /** Flushes and closes the file; rejects when it could not be written. */
  close(): Promise<void> {
    this.#flush();
    return new Promise((resolve, reject) => {
      this.#stream.end(() => (this.#failure ? reject(this.#failure) : resolve()));
    });
  }
}
