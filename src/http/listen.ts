import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ListenError } from '../errors/ListenError.js';

/** A server listening on a TCP port, with a close that ends every open connection. */
export interface Listening {
  /** `http://host:port` or `https://host:port` (IPv6 hosts in brackets). */
  readonly origin: string;
  readonly port: number;
  /** Stops listening and destroys every open connection. */
  readonly close: () => Promise<void>;
}

/**
 * Listens on `host:port` (port 0 = any free one) and resolves once listening, or rejects with a
 * {@link ListenError} (EADDRINUSE, EACCES, EADDRNOTAVAIL). The one listen/close helper of the kit's servers.
 */
export async function listen(
  server: Server,
  host: string,
  port: number,
  secure = false,
): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on(secure ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    const refused = (error: NodeJS.ErrnoException) =>
      reject(new ListenError(host, port, error.code ?? error.message, error));
    server.once('error', refused);
    server.listen(port, host, () => {
      server.off('error', refused);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    origin: `${secure ? 'https' : 'http'}://${hostPart}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections?.();
      }),
  };
}
