/**
 * fastify-int-columns: a Fastify 5 receiver whose route schema was written from the team's database
 * table: the integer fields are `INT` columns, so the schema says `maximum: 2147483647`. The schema
 * bounds no integer, so a valid notification with a larger one (a record handle past 2^31 − 1) is
 * refused with Fastify's 400. Every fixture's integers are small, so the fixed checks pass it.
 */
import Fastify from 'fastify';
import { fieldKind } from '../../../src/message/fieldKind.js';
import { fieldNames } from '../../../src/message/schema.js';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import type { RunningReceiver } from './RunningReceiver.js';

/** The route's body schema: every integer field an INT column. */
const INT_COLUMNS = {
  type: 'object',
  properties: Object.fromEntries(
    fieldNames
      .filter((field) => ['integer', 'table'].includes(fieldKind(field)))
      .map((field) => [field, { type: 'integer', maximum: 2_147_483_647 }]),
  ),
};

export async function start(): Promise<RunningReceiver> {
  // Strict types (no coercion): a string where an integer is due reaches the validator as it came.
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    ajv: { customOptions: { coerceTypes: false } },
  });
  let requests = 0;
  const seen = new Set<string>();

  app.addHook('onRequest', async () => {
    requests += 1;
  });

  app.post<{ Body: unknown }>(
    '/notifications',
    { schema: { body: INT_COLUMNS } },
    async (request, reply) => {
      const result = validateContactProcessed(request.body);
      if (!result.valid)
        return reply.code(400).send({ error: 'invalid notification', issues: result.errors });
      const guid = String((request.body as { GSW_MESSAGE_GUID: string }).GSW_MESSAGE_GUID);
      const duplicate = seen.has(guid);
      seen.add(guid);
      return reply.code(200).send({ status: duplicate ? 'duplicate' : 'accepted' });
    },
  );

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `${address}/notifications`,
    close: () => app.close(),
    requests: () => requests,
  };
}
