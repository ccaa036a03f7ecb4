/**
 * express-no-dedupe: express-conformant without its Set of GUIDs — each valid notification is
 * written to the CRM (20 ms) and acknowledged, a retry of it too. Over HTTP it is conformant; its
 * effects show the copy written twice. Its count is read from a debug endpoint, with curl.
 */
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { handledLog } from './handledLog.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const log = handledLog();

  app.get('/debug/handled/:guid', (req, res) => {
    res.type('text/plain').send(String(log.count(req.params.guid)));
  });
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
    await delay(20); // the CRM write
    log.handled(guid);
    res.status(200).json({ status: 'accepted', guid });
  });

  const running = await runningOnLoopback(app, () => requests);
  return {
    ...running,
    handledCount: `curl -sS --fail "${running.url.replace(/\/notifications$/, '')}/debug/handled/$CPN_GUID"`,
    close: () => running.close().finally(() => log.remove()),
  };
}
