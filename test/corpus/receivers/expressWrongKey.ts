/**
 * express-wrong-key: conformant, but its dedupe is keyed on GSW_CALL_ATTEMPT_GUID ("one notification
 * per call attempt") instead of GSW_MESSAGE_GUID. A second notification of the same call attempt is
 * acknowledged as a duplicate and never written: lost.
 */
import express from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { handledLog } from './handledLog.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const attempts = new Set<string>();
  const log = handledLog();

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
    const body = req.body as { GSW_MESSAGE_GUID: string; GSW_CALL_ATTEMPT_GUID: string };
    if (attempts.has(body.GSW_CALL_ATTEMPT_GUID)) {
      res.status(200).json({ status: 'duplicate', guid: body.GSW_MESSAGE_GUID });
      return;
    }
    attempts.add(body.GSW_CALL_ATTEMPT_GUID);
    log.handled(body.GSW_MESSAGE_GUID);
    res.status(200).json({ status: 'accepted', guid: body.GSW_MESSAGE_GUID });
  });

  const running = await runningOnLoopback(app, () => requests);
  return {
    ...running,
    handledCount: log.command,
    close: () => running.close().finally(() => log.remove()),
  };
}
