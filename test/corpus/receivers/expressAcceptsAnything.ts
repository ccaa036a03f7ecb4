/**
 * express-accepts-anything: the "just log it and say OK" receiver: every body is read as text
 * (`express.text({ type: '*\/*' })`), pushed to an inbox, and answered `res.sendStatus(200)`, so
 * garbage and a message missing mandatory fields are acknowledged too (and lost: OCS never resends
 * an acknowledged notification).
 */
import express from 'express';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const inbox: string[] = [];

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(express.text({ type: '*/*' }));

  app.post('/notifications', (req, res) => {
    inbox.push(typeof req.body === 'string' ? req.body : '');
    res.sendStatus(200);
  });

  return runningOnLoopback(app, () => requests);
}
