/**
 * express-wrong-path: a conformant Express receiver mounted at /ocs/contact-processed (its router
 * parses JSON itself), while OCS is configured with /notifications: every request, garbage included,
 * falls through to Express's final handler, 404 "Cannot POST /notifications".
 */
import express from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

function notificationsRouter(): express.Router {
  const router = express.Router();
  const seen = new Set<string>();
  router.use(express.json());
  router.post('/', (req, res) => {
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
  return router;
}

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use('/ocs/contact-processed', notificationsRouter());

  // Its URL is /notifications, what was configured in OCS: not where the app listens.
  return runningOnLoopback(app, () => requests);
}
