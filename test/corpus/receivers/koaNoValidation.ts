/**
 * koa-no-validation: a Koa 3 receiver that trusts its sender: @koa/bodyparser parses the JSON, the
 * body is stored as it is and answered 200. Broken JSON is still refused (co-body throws with status
 * 400 and Koa answers "Bad Request"), but a JSON message missing mandatory fields is acknowledged.
 */
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = new Koa();
  let requests = 0;
  const stored: unknown[] = [];
  const errors: string[] = [];

  // Our own error listener (Koa's default one prints every 4xx parse error with its stack).
  app.on('error', (error: Error) => {
    errors.push(error.message);
  });
  app.use(async (_ctx, next) => {
    requests += 1;
    await next();
  });
  app.use(bodyParser());
  app.use(async (ctx) => {
    if (ctx.method !== 'POST' || ctx.path !== '/notifications') return; // Koa answers 404
    stored.push(ctx.request.body);
    ctx.status = 200;
    ctx.body = { ok: true };
  });

  return runningOnLoopback(app, () => requests);
}
