import type { Server } from 'node:http';
import { listen } from '../http/listen.js';
import { createReceiver, type Receiver, type ReceiverOptions } from './createReceiver.js';

/** Options of {@link startReceiver}: the receiver's, and where to listen. */
export interface StartReceiverOptions extends ReceiverOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
}

/** A listening reference receiver. */
export interface RunningReceiver {
  /** Where to send notifications, e.g. `http://127.0.0.1:41234/notifications`. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly receiver: Receiver;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/**
 * Starts the reference receiver on a port (0 = any free one) and resolves once it listens.
 *
 * @example
 * const running = await startReceiver({ port: 0, path: '/notifications', onNotification: ({ guid })
 * => console.log(guid) });
 * console.log(running.url); // http://127.0.0.1:PORT/notifications
 * await running.close();
 */
export async function startReceiver(options: StartReceiverOptions = {}): Promise<RunningReceiver> {
  const receiver = createReceiver(options);
  const server = receiver.createServer();
  const host = options.host ?? '127.0.0.1';
  const { port, close } = await listen(server, host, options.port ?? 0);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}${options.path ?? '/'}`,
    port,
    server,
    receiver,
    close,
  };
}
