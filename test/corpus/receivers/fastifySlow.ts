/**
 * fastify-slow: a conformant Fastify receiver that updates the CRM synchronously before it answers,
 * so every valid notification is acknowledged only after `delayMs` (default 3000 ms). Invalid bodies
 * are refused at once (Fastify's parser, then the validator, run before the slow work). The GUID is
 * claimed before the work, so a retry that arrives while the first delivery is still being worked
 * on is answered at once as a duplicate.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import type { RunningReceiver } from './RunningReceiver.js';

/** How long the CRM update takes by default, in milliseconds. */
export const DEFAULT_DELAY_MS = 3000;

export interface SlowOptions {
  /** How long each valid notification takes before it is acknowledged; default {@link DEFAULT_DELAY_MS}. */
  readonly delayMs?: number;
}

export async function start(options: SlowOptions = {}): Promise<RunningReceiver> {
  const delayMs = options.delayMs ?? DEFAULT_DELAY_MS;
  const app = Fastify({ logger: false, forceCloseConnections: true });
  let requests = 0;
  const seen = new Set<string>();
  // Ends the CRM work still pending when the server closes, so that no timer outlives it.
  const closing = new AbortController();
  // Every notification being worked on listens to it: many at once is the point of a slow receiver.
  setMaxListeners(0, closing.signal);

  async function updateCrm(_message: unknown): Promise<void> {
    await sleep(delayMs, undefined, { signal: closing.signal });
  }

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
    try {
      await updateCrm(request.body);
    } catch (error) {
      seen.delete(guid);
      if (closing.signal.aborted) return reply.code(503).send({ error: 'shutting down' });
      throw error;
    }
    return reply.code(200).send({ status: 'accepted', guid });
  });

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `${address}/notifications`,
    close: async () => {
      closing.abort();
      await app.close();
    },
    requests: () => requests,
  };
}
