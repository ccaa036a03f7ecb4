import { connect } from 'node:net';
import { closedByBoth } from './closedByBoth.js';

/**
 * Opens (and closes, waiting for the server to close too) a TCP connection to the URL's host and
 * port: `true`, or why not. Used before a
 * check run so that a receiver that is not there gets one clear finding instead of a timeout per check.
 */
export function canConnect(url: URL, timeoutMs: number): Promise<true | string> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`no connection within ${timeoutMs} ms`);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      void closedByBoth(socket).then(() => resolve(true));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(
        error.code === 'ECONNREFUSED'
          ? 'connection refused (is the receiver running?)'
          : error.code === 'ENOTFOUND'
            ? `unknown host ${host}`
            : error.message,
      );
    });
  });
}
