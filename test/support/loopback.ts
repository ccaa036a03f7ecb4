/**
 * Loopback servers for tests: listen on 127.0.0.1 on a free port, and close (connections
 * included) after each test, so no test leaves a socket open.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { createServer, type Server } from 'node:net';
import { afterEach } from 'vitest';

const open: Server[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) {
    await new Promise<void>((resolve) => {
      (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      server.close(() => resolve());
    });
  }
});

async function listenOnFreePort(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('listenOnLoopback: the server has no TCP address');
  return address.port;
}

/** Listens on 127.0.0.1 (any free port), closes the server after the current test, and returns the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  const port = await listenOnFreePort(server);
  open.push(server);
  return port;
}

/** What a server saw of its connections and requests (for pool-size checks). */
export interface ConnectionStats {
  /** Connections opened in all. */
  opened: number;
  /** The most connections open at once. */
  maxOpen: number;
  /** The most requests being answered at once. */
  maxInFlight: number;
  requests: number;
}

/** Counts a server's connections and its requests in flight (a request ends when its response finishes). */
export function watchConnections(server: HttpServer | HttpsServer): ConnectionStats {
  const stats: ConnectionStats = { opened: 0, maxOpen: 0, maxInFlight: 0, requests: 0 };
  let openNow = 0;
  let inFlight = 0;
  server.on('connection', (socket) => {
    stats.opened += 1;
    stats.maxOpen = Math.max(stats.maxOpen, ++openNow);
    socket.once('close', () => (openNow -= 1));
  });
  (server as HttpServer).on('request', (_req, res) => {
    stats.requests += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, ++inFlight);
    res.once('close', () => (inFlight -= 1));
  });
  return stats;
}

/**
 * A loopback port that nothing listens on (it was free a moment ago): for connection-refused
 * cases, or for a program under test to listen on.
 */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  const port = await listenOnFreePort(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
