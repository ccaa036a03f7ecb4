/**
 * koa-reference: the kit's reference receiver mounted in Koa after @koa/bodyparser: Koa is told not
 * to answer (`ctx.respond = false`) and the handler gets the raw request and response and the body
 * the parser already read (`rawBody`, the text; the parsed body when there is no raw text).
 */
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { createReceiver } from '../../../src/receiver/createReceiver.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = new Koa();
  let requests = 0;
  const errors: string[] = [];
  const receiver = createReceiver();

  app.on('error', (error: Error) => {
    errors.push(error.message);
  });
  app.use(async (_ctx, next) => {
    requests += 1;
    await next();
  });
  app.use(bodyParser());
  app.use(async (ctx) => {
    if (ctx.path !== '/notifications') return; // Koa answers 404
    ctx.respond = false;
    receiver.handler(ctx.req, ctx.res, ctx.request.rawBody ?? ctx.request.body);
  });

  return runningOnLoopback(app, () => requests);
}
