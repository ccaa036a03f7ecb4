/**
 * express-reference-once: the kit's reference receiver behind express.json, its `onNotification` a
 * CRM write of 20 ms written down in a log: a copy that comes while the first is being written is
 * not handed over again (its GUID is claimed before `onNotification` runs).
 */
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import { createReceiver } from '../../../src/receiver/createReceiver.js';
import { handledLog } from './handledLog.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const log = handledLog();
  const receiver = createReceiver({
    onNotification: async ({ guid }) => {
      await delay(20);
      log.handled(guid);
    },
  });

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(express.json());
  app.post('/notifications', receiver.handler);

  const running = await runningOnLoopback(app, () => requests);
  return {
    ...running,
    handledCount: log.command,
    close: () => running.close().finally(() => log.remove()),
  };
}
