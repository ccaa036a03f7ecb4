import type { Socket } from 'node:net';

/**
 * The sender's connections to the proxy: each numbered, how many are open at once, and the moments
 * more were open than `http-connection-pool-size` allows.
 */
export class ConnectionCounter {
  readonly #ids = new WeakMap<Socket, number>();
  #next = 0;
  #open = 0;
  /** The most connections open at once. */
  max = 0;
  /** The first time more than the pool size were open, and how many. */
  overPool: { readonly at: Date; readonly open: number } | undefined;

  constructor(readonly poolSize: number) {}

  opened(socket: Socket): void {
    this.#ids.set(socket, ++this.#next);
    this.#open += 1;
    this.max = Math.max(this.max, this.#open);
    if (this.#open > this.poolSize) this.overPool ??= { at: new Date(), open: this.#open };
    socket.once('close', () => (this.#open -= 1));
  }

  /** The number of a connection (1 for the first); 0 for one never seen. */
  idOf(socket: Socket): number {
    return this.#ids.get(socket) ?? 0;
  }

  /** How many connections were opened in all. */
  get total(): number {
    return this.#next;
  }
}
