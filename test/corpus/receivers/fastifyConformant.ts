/**
 * fastify-conformant: a Fastify 5 receiver on Fastify's own JSON parser (it answers 400 itself for
 * broken or empty JSON and 415 for another content type), the kit's validator in the handler and a
 * Set of GUIDs for OCS's retries.
 */
import Fastify from 'fastify';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import type { RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  let requests = 0;
  const seen = new Set<string>();

  app.addHook('onRequest', async () => {
    requests += 1;
  });

  app.post<{ Body: unknown }>('/notifications', async (request, reply) => {
    const result = validateContactProcessed(request.body);
    if (!result.valid)
      return reply.code(400).send({ error: 'invalid notification', issues: result.errors });
    const guid = String((request.body as { GSW_MESSAGE_GUID: string }).GSW_MESSAGE_GUID);
    if (seen.has(guid)) return reply.code(200).send({ status: 'duplicate', guid });
    seen.add(guid);
    return reply.code(200).send({ status: 'accepted', guid });
  });

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `${address}/notifications`,
    close: () => app.close(),
    requests: () => requests,
  };
}
