/**
 * express-small-body-limit: express-conformant with the body capped tight — `express.json({ limit:
 * '2kb' })`, set by a team that measured a notification at about 1.3 kB. body-parser refuses a
 * larger body with 413 (PayloadTooLargeError "request entity too large", from its Content-Length,
 * before reading it), so a valid notification with many user-defined fields is lost.
 */
import express from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

/** The cap, as the team wrote it. */
export const BODY_LIMIT = '2kb';

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const seen = new Set<string>();

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(express.json({ limit: BODY_LIMIT }));

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
    const duplicate = seen.has(guid);
    seen.add(guid);
    res.status(200).json({ status: duplicate ? 'duplicate' : 'accepted', guid });
  });

  return runningOnLoopback(app, () => requests);
}
