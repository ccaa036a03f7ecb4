/**
 * docs/receiver.md's app, but a body that is not JSON is acknowledged (200) instead of refused: OCS
 * never resends an acknowledged notification, so that data would be lost silently.
 */
import { appWithFault, type AppOptions } from './app.js';

export { createSeenStore } from './app.js';
export const createApp = (options: AppOptions) =>
  appWithFault(options, (_request, response, body) => {
    try {
      JSON.parse(body.toString('utf8'));
      return false;
    } catch {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
      return true;
    }
  });
