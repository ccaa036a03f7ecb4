/**
 * express-duplicate-409: conformant, except that a GUID it has already stored gets 409 Conflict,
 * the REST habit for "already exists". OCS counts 409 as a failure: its retry of a notification
 * whose first answer was lost is refused.
 */
import express from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const stored = new Set<string>();

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(express.json());

  app.post('/notifications', (req, res) => {
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
    if (stored.has(guid)) {
      res.status(409).json({ error: `notification ${guid} already exists` });
      return;
    }
    stored.add(guid);
    res.status(201).location(`/notifications/${guid}`).json({ status: 'created', guid });
  });

  return runningOnLoopback(app, () => requests);
}
