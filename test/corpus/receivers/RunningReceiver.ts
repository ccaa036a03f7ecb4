/**
 * What every receiver of the corpus gives back once it listens: the full notification URL (path
 * included), a way to stop it, and how many HTTP requests reached the app (so a test can prove that
 * check-receiver sent no request twice).
 */
import type { Server } from 'node:http';

export interface RunningReceiver {
  /** The notification URL to hand to check-receiver, e.g. `http://127.0.0.1:41234/notifications`. */
  readonly url: string;
  /** Stops listening and destroys every open connection; resolves once the server is closed. */
  close(): Promise<void>;
  /** HTTP requests that reached the app so far. */
  readonly requests: () => number;
  /**
   * For a receiver whose effects can be counted: the shell command that prints how many times it
   * handled `$CPN_GUID` (`check-receiver --handled-count`).
   */
  readonly handledCount?: string;
}

/** Closes a node:http server for good: no new connections, open ones (idle or busy) destroyed. */
export function closeHttpServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) =>
      error !== undefined && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING'
        ? reject(error)
        : resolve(),
    );
    server.closeAllConnections();
  });
}

/** The port a listening node:http server got. */
export function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the server has no TCP address');
  return address.port;
}

/**
 * Starts an app (Express, Koa: anything whose `listen` returns a node:http server) on a free loopback
 * port, as the receiver at `/notifications`, counting requests with `requests`.
 */
export async function runningOnLoopback(
  app: { listen(port: number, host: string): Server },
  requests: () => number,
): Promise<RunningReceiver> {
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1');
    listening.once('listening', () => resolve(listening));
    listening.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${portOf(server)}/notifications`,
    close: () => closeHttpServer(server),
    requests,
  };
}
