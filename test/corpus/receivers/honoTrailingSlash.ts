/**
 * hono-trailing-slash: a Hono app whose route is registered as '/notifications/' with
 * `appendTrailingSlash()` in front, served by @hono/node-server. The team expected POST
 * /notifications to be redirected to /notifications/; appendTrailingSlash redirects GET and HEAD
 * only (hono/dist/middleware/trailing-slash), so a POST to /notifications gets Hono's plain
 * `404 Not Found`. The handler behind the slash is conformant.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { appendTrailingSlash } from 'hono/trailing-slash';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { closeHttpServer, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = new Hono();
  let requests = 0;
  const seen = new Set<string>();

  app.use(async (_c, next) => {
    requests += 1;
    await next();
  });
  app.use(appendTrailingSlash());

  app.post('/notifications/', async (c) => {
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? ''))
      return c.json({ error: 'expected Content-Type application/json' }, 415);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'the body is not JSON' }, 400);
    }
    const result = validateContactProcessed(body);
    if (!result.valid) return c.json({ error: 'invalid notification', issues: result.errors }, 400);
    const guid = String((body as { GSW_MESSAGE_GUID: string }).GSW_MESSAGE_GUID);
    const duplicate = seen.has(guid);
    seen.add(guid);
    return c.json({ status: duplicate ? 'duplicate' : 'accepted', guid }, 200);
  });

  const { server, port } = await new Promise<{ server: Server; port: number }>(
    (resolve, reject) => {
      const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ server: listening as Server, port: info.port }),
      );
      listening.once('error', reject);
    },
  );
  return {
    url: `http://127.0.0.1:${port}/notifications`,
    close: () => closeHttpServer(server),
    requests: () => requests,
  };
}
