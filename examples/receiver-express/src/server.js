/** Starts the endpoint: PORT (default 8080) on HOST (default 127.0.0.1). Stops on SIGINT / SIGTERM. */
import { once } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, NOTIFICATION_PATH } from './app.js';

/** Listens and resolves with the server and the endpoint's URL (port 0 = any free port). */
export async function listen({ port = 8080, host = '127.0.0.1' } = {}) {
  const received = [];
  const server = createApp({
    onNotification: (message) => void received.push(message.GSW_MESSAGE_GUID),
  }).listen(port, host);
  await once(server, 'listening');
  const url = `http://${host}:${server.address().port}${NOTIFICATION_PATH}`;
  return { server, url, received };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { server, url } = await listen({
    port: Number(process.env.PORT ?? 8080),
    host: process.env.HOST ?? '127.0.0.1',
  });
  console.log(`listening on ${url}`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
