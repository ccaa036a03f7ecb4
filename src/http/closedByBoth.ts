import type { Socket } from 'node:net';

/** How long a probe waits for the server to close its side before it lets go of the connection. */
const GRACE_MS = 250;

/**
 * Ends a probe's connection and resolves once both sides have closed it (the server saw the end and
 * closed too), or after a short grace, when it is destroyed: a probe's connection is gone before the
 * requests that follow it open theirs, so a server that takes one connection at a time, or few, is
 * never made to hold it beside them.
 */
export function closedByBoth(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.destroy(), GRACE_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}
