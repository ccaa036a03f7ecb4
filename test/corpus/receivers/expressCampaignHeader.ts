/**
 * express-campaign-header: express-conformant with one line more, for the team's tracing: the
 * campaign's name goes back in a response header (`res.set('X-Campaign', …)`). Node refuses a header
 * value with a character past U+00FF (ERR_INVALID_CHAR), so a campaign named in Cyrillic, Greek or
 * Chinese makes the handler throw: the error handler answers 500. Every fixture's campaign name is
 * ASCII, so the fixed checks pass it.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
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
      res.status(415).json({ error: 'expected Content-Type application/json' });
      return;
    }
    const result = validateContactProcessed(req.body);
    if (!result.valid) {
      res.status(400).json({ error: 'invalid notification', issues: result.errors });
      return;
    }
    const body = req.body as { GSW_MESSAGE_GUID: string; GSW_CAMPAIGN_NAME: string };
    res.set('X-Campaign', body.GSW_CAMPAIGN_NAME);
    const duplicate = seen.has(body.GSW_MESSAGE_GUID);
    seen.add(body.GSW_MESSAGE_GUID);
    res.status(200).json({ status: duplicate ? 'duplicate' : 'accepted' });
  });
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ error: error.message });
  });

  return runningOnLoopback(app, () => requests);
}
