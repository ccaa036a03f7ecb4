/**
 * express-racy-dedupe: the dedupe teams write first — has the GUID been seen? (a lookup), write the
 * notification to the CRM (an await, 20 ms), then remember the GUID. One at a time it holds; a copy
 * that comes while the first is being written (OCS's retry after its response timeout, or copies
 * sent at once) passes the lookup too, and is written twice.
 */
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { handledLog } from './handledLog.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const seen = new Set<string>();
  const log = handledLog();

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(express.json());

  app.post('/notifications', async (req, res) => {
    if (req.body === undefined) {
      res.status(415).json({ error: 'expected Content-Type application/json' });
      return;
    }
    const result = validateContactProcessed(req.body);
    if (!result.valid) {
      res.status(400).json({ error: 'invalid notification', issues: result.errors });
      return;
    }
    const guid = String((req.body as { GSW_MESSAGE_GUID: string }).GSW_MESSAGE_GUID);
    if (seen.has(guid)) {
      res.status(200).json({ status: 'duplicate', guid });
      return;
    }
    await delay(20); // the CRM write, before the GUID is remembered
    log.handled(guid);
    seen.add(guid);
    res.status(200).json({ status: 'accepted', guid });
  });

  const running = await runningOnLoopback(app, () => requests);
  return {
    ...running,
    handledCount: log.command,
    close: () => running.close().finally(() => log.remove()),
  };
}
