import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { RecordedExchange } from './RecordedExchange.js';

/** Lines wait at most this long, or until a chunk is full, before they are written. */
const FLUSH_EVERY_MS = 50;
const CHUNK_BYTES = 256 * 1024;

/**
 * Appends exchanges to an NDJSON recording as they complete: nothing is kept once written, so a long
 * run holds no more than what the disk has not taken yet. The file's folders are created.
 *
 * Lines are encoded straight into a chunk and the chunk handed to the file every 50 ms or when it is
 * full: a write per exchange would wake a thread of the file system's pool each time, which costs a
 * busy proxy more than its judging.
 */
export class RecordWriter {
  readonly #stream: WriteStream;
  #count = 0;
  #failure: Error | undefined;
  #chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  #used = 0;
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
    const bytes = Buffer.byteLength(line);
    if (this.#used + bytes > this.#chunk.length) this.#flush();
    if (bytes > this.#chunk.length) this.#stream.write(line);
    else {
      if (this.#used === 0) this.#timer = setTimeout(() => this.#flush(), FLUSH_EVERY_MS);
      this.#used += this.#chunk.write(line, this.#used);
    }
    this.#count += 1;
  }

  /** Hands the chunk to the file and starts a new one. */
  #flush(): void {
    clearTimeout(this.#timer);
    if (this.#used === 0) return;
    this.#stream.write(this.#chunk.subarray(0, this.#used));
    this.#chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.#used = 0;
  }

  /** Flushes and closes the file; rejects when it could not be written. */
  close(): Promise<void> {
    this.#flush();
    return new Promise((resolve, reject) => {
      this.#stream.end(() => (this.#failure ? reject(this.#failure) : resolve()));
    });
  }
}
