/**
 * express-reference-behind-json: the kit's reference receiver mounted in an Express app that
 * already parses JSON for its other routes: `app.use(express.json())` first, then
 * `app.post('/notifications', receiver.handler)`. express.json has consumed the body stream by the
 * time the handler runs (it is in `req.body`), and Express passes `next` as the third argument.
 */
import express from 'express';
import { createReceiver } from '../../../src/receiver/createReceiver.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const receiver = createReceiver();

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(express.json());
  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.post('/notifications', receiver.handler);

  return runningOnLoopback(app, () => requests);
}
