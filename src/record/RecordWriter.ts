import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { RecordedExchange } from './RecordedExchange.js';

/** Lines wait at most this long, or until this much is pending, before they are written. */
const FLUSH_EVERY_MS = 50;
const FLUSH_AT_CHARS = 1 << 20;

/**
 * Appends exchanges to an NDJSON recording as they complete: nothing is kept once written, so a long
 * run holds no more than what the disk has not taken yet. The file's folders are created.
 */
export class RecordWriter {
  readonly #stream: WriteStream;
  #count = 0;
  #failure: Error | undefined;
  #pending: string[] = [];
  #pendingLength = 0;
  #timer: NodeJS.Timeout | undefined;

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
    const line = `${JSON.stringify(exchange)}\n`;
    if (this.#pending.length === 0) this.#timer = setTimeout(() => this.#flush(), FLUSH_EVERY_MS);
    this.#pending.push(line);
    this.#pendingLength += line.length;
    this.#count += 1;
    if (this.#pendingLength >= FLUSH_AT_CHARS) this.#flush();
  }

  /**
   * Hands what is pending to the file in one write: a write per exchange would wake a thread of the
   * file system's pool each time, which costs a busy proxy more than the judging.
   */
  #flush(): void {
    clearTimeout(this.#timer);
    if (this.#pending.length === 0) return;
    this.#stream.write(this.#pending.join(''));
    this.#pending = [];
    this.#pendingLength = 0;
  }

  /** Flushes and closes the file; rejects when it could not be written. */
  close(): Promise<void> {
    this.#flush();
    return new Promise((resolve, reject) => {
      this.#stream.end(() => (this.#failure ? reject(this.#failure) : resolve()));
    });
  }
}
