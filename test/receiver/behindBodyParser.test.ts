/**
 * The reference receiver mounted behind a framework's body parser, as users mount it: in real
 * Express, Fastify and Koa apps (devDependencies), the body the framework read is judged; a stream
 * read with nothing handed over gets a 500 at once naming the cause, never a hang.
 */
import { bodyParser } from '@koa/bodyparser';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtures } from '../../src/message/fixtures.js';
import { createReceiver } from '../../src/receiver/createReceiver.js';
import { listenOnLoopback } from '../support/loopback.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const message = fixtures.full.message;
const post = (url: string, body: string, etag = message.GSW_MESSAGE_GUID) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', etag, 'user-agent': 'OCS/8.1.528.15' },
    body,
    signal: AbortSignal.timeout(2000),
  });

async function listen(server: Server): Promise<string> {
  return `http://127.0.0.1:${await listenOnLoopback(server)}/notifications`;
}

describe('createReceiver().handler behind a body parser', () => {
  it(
    'Express: app.use(express.json()) then app.post(path, receiver.handler) judges req.body ' +
      "(Express's next is not a body)",
    async () => {
      const seen: string[] = [];
      const receiver = createReceiver({ onNotification: ({ guid }) => void seen.push(guid) });
      const app = express();
      app.use(express.json());
      app.post('/notifications', receiver.handler);
      const url = await listen(createServer(app));
      expect((await post(url, JSON.stringify(message))).status).toBe(200);
      expect(await (await post(url, JSON.stringify(message))).json()).toMatchObject({
        status: 'duplicate',
      });
      const invalid = await post(url, JSON.stringify({ GSW_MESSAGE: 'ContactProcessed' }), 'x');
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({
        status: 'rejected',
        error: expect.stringContaining('GSW_MESSAGE_GUID'),
      });
      expect(seen).toEqual([message.GSW_MESSAGE_GUID]);
    },
  );

  it('Fastify: reply.hijack(); receiver.handler(request.raw, reply.raw, request.body)', async () => {
    const receiver = createReceiver();
    const app = Fastify({ logger: false, forceCloseConnections: true });
    app.post('/notifications', (request, reply) => {
      reply.hijack();
      receiver.handler(request.raw, reply.raw, request.body);
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    expect((await post(`${address}/notifications`, JSON.stringify(message))).status).toBe(200);
    expect(receiver.stats).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it(
    'Koa with @koa/bodyparser: ctx.respond = false; receiver.handler(ctx.req, ctx.res, ' +
      'ctx.request.rawBody): the exact bytes',
    async () => {
      const receiver = createReceiver();
      const app = new Koa();
      app.use(bodyParser());
      app.use(async (ctx) => {
        ctx.respond = false;
        receiver.handler(ctx.req, ctx.res, ctx.request.rawBody);
      });
      const url = await listen(createServer(app.callback()));
      expect((await post(url, JSON.stringify(message))).status).toBe(200);
      // The same bytes again: recognised as a resend.
      expect(await (await post(url, JSON.stringify(message))).json()).toMatchObject({
        status: 'duplicate',
      });
    },
  );

  it('a stream read by another middleware with nothing handed over: 500 at once, naming the cause', async () => {
    const receiver = createReceiver();
    const server = createServer((req, res) => {
      req.resume(); // a middleware that reads the body and keeps it to itself
      req.on('end', () => receiver.handler(req, res));
    });
    const url = await listen(server);
    const started = performance.now();
    const response = await post(url, JSON.stringify(message));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({
      error: expect.stringMatching(
        /already read by another middleware \(a body parser\?\).*receiver\.handler\(req, res, body\)/,
      ),
    });
    expect(receiver.stats.rejected).toBe(1);
  });
});
