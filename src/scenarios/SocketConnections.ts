import type { Socket } from 'node:net';
import type { ConnectionEnd, PlayConnection } from './ScenarioPlay.js';

type Listener = (by: ConnectionEnd['by'], at: number) => void;

/** One socket's connection: its number, who ended it and when (performance.now()). */
class SocketConnection implements PlayConnection {
  #end: ConnectionEnd | undefined;
  #endingByReceiver = false;
  readonly #listeners: Listener[] = [];

  constructor(
    readonly id: number,
    socket: Socket,
    onClose: () => void,
  ) {
    socket.once('close', () => {
      onClose();
      this.#end = { by: this.#endingByReceiver ? 'receiver' : 'sender', at: performance.now() };
      for (const listener of this.#listeners.splice(0)) listener(this.#end.by, this.#end.at);
    });
  }

  /** The receiver is ending the connection (a `Connection: close` answer, a drop, the server closing). */
  endingByReceiver(): void {
    this.#endingByReceiver = true;
  }

  onEnd(listener: Listener): void {
    if (this.#end === undefined) this.#listeners.push(listener);
    else listener(this.#end.by, this.#end.at);
  }
}

/**
 * The connections of one scenario server, numbered as they come, each telling who ended it: a
 * sender whose timer ran out destroys its request (the receiver sees the close), while one that read
 * the answer keeps or reuses the connection — what check-sender needs to tell a timeout from a retry
 * caused by the answer.
 */
export class SocketConnections {
  readonly #bySocket = new WeakMap<Socket, SocketConnection>();
  readonly #open = new Set<SocketConnection>();
  #count = 0;

  of(socket: Socket): SocketConnection {
    let connection = this.#bySocket.get(socket);
    if (connection === undefined) {
      const opened: SocketConnection = new SocketConnection(++this.#count, socket, () =>
        this.#open.delete(opened),
      );
      connection = opened;
      this.#bySocket.set(socket, connection);
      this.#open.add(connection);
    }
    return connection;
  }

  /** Every connection still open is about to be ended by the receiver (the server is closing). */
  endingAll(): void {
    for (const connection of this.#open) connection.endingByReceiver();
  }
}
