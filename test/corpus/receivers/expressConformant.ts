/**
 * express-conformant: an Express 5 receiver written the usual way: `express.json()` for the body,
 * the kit's validator, a Set of GUIDs for OCS's retries. 200 for a valid notification (again for a
 * retry), 400 for an invalid one (express.json answers 400 itself for broken JSON), 415 for a body
 * that is not declared JSON (Express 5 leaves `req.body` undefined then).
 */
import express from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const seen = new Set<string>();

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(express.json());

  app.post('/notifications', (req, res) => {
    if (req.body === undefined) {
      res.status(415).json({
        error: `expected Content-Type application/json, found ${req.get('content-type') ?? 'none'}`,
      });
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
    seen.add(guid);
    res.status(200).json({ status: 'accepted', guid });
  });

  return runningOnLoopback(app, () => requests);
}
