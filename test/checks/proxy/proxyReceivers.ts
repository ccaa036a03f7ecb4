/**
 * Express receivers written the way teams write them, for the proxy tests: one that answers 503 to
 * each GUID's first attempt (a CRM that is briefly overloaded), one that answers only after a delay,
 * and one that answers every request with the same status. The corpus's receivers (login redirect,
 * accepts anything, 409 on a duplicate, hung) are used as they are.
 */
import express, { type Request, type Response } from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { runningOnLoopback, type RunningReceiver } from '../../corpus/receivers/RunningReceiver.js';

/** Starts an Express app whose `POST /notifications` is `route`, after `express.json()`. */
async function startExpress(
  route: (req: Request, res: Response) => void,
): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(express.json());
  app.post('/notifications', route);
  return runningOnLoopback(app, () => requests);
}

const guidOf = (req: Request) =>
  String((req.body as { GSW_MESSAGE_GUID?: unknown }).GSW_MESSAGE_GUID);

/** 503 to the first attempt of each GUID, 200 to the ones after (invalid bodies get 400). */
export function startFirstAttempt503(): Promise<RunningReceiver> {
  const seen = new Set<string>();
  return startExpress((req, res) => {
    if (!validateContactProcessed(req.body).valid) {
      res.status(400).json({ error: 'invalid notification' });
      return;
    }
    const guid = guidOf(req);
    if (seen.has(guid)) {
      res.status(200).json({ status: 'accepted', guid });
      return;
    }
    seen.add(guid);
    res.status(503).set('retry-after', '1').json({ error: 'busy, try again' });
  });
}

/** 200 to everything, but only after `delayMs`. */
export function startSlow(delayMs: number): Promise<RunningReceiver> {
  return startExpress((req, res) => {
    setTimeout(() => res.status(200).json({ status: 'accepted', guid: guidOf(req) }), delayMs);
  });
}

/** The same status to every request (a CRM whose endpoint refuses or fails everything). */
export function startAlways(status: number): Promise<RunningReceiver> {
  return startExpress((_req, res) => {
    res.status(status).json({ status });
  });
}

/** A 307 to an absolute Location on another host (a single sign-on page). */
export function startRedirectAway(location: string): Promise<RunningReceiver> {
  return startExpress((_req, res) => {
    res.redirect(307, location);
  });
}
