/**
 * fastify-reference: the kit's reference receiver mounted in Fastify: Fastify's JSON parser has
 * read the body (400 for broken JSON, 415 for another content type), the route hijacks the reply
 * and hands the raw request, the raw response and the parsed body to `receiver.handler`.
 */
import Fastify from 'fastify';
import { createReceiver } from '../../../src/receiver/createReceiver.js';
import type { RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  let requests = 0;
  const receiver = createReceiver();

  app.addHook('onRequest', async () => {
    requests += 1;
  });

  app.post('/notifications', (request, reply) => {
    reply.hijack();
    receiver.handler(request.raw, reply.raw, request.body);
  });

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `${address}/notifications`,
    close: () => app.close(),
    requests: () => requests,
  };
}
