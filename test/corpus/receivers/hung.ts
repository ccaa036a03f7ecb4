/**
 * hung: a node:http server that reads each request to the end and never answers (a receiver stuck
 * on a lock or a dead database). For response-timeout tests; close() destroys the sockets it holds.
 */
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { closeHttpServer, portOf, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createServer((request) => {
    requests += 1;
    request.resume(); // read the body, then nothing
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${portOf(server)}/notifications`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await closeHttpServer(server);
    },
    requests: () => requests,
  };
}
