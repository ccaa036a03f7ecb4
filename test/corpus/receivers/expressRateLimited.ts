/**
 * express-rate-limited: express-conformant behind express-rate-limit, set up as its README shows
 * (IETF draft-8 headers, no legacy ones) with a tight limit for a webhook: 12 requests a minute per
 * client address. Past it, express-rate-limit answers 429 "Too many requests, please try again
 * later." (text/html) with `Retry-After` (the seconds left in the window) and `RateLimit` /
 * `RateLimit-Policy` (`"12-in-1min"; q=12; w=60; …`), whatever the body. OCS sends a burst when many
 * chains finish at once, and does not retry a 4xx unless told to, so those notifications are lost.
 */
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

/** Requests a client may make in a minute. */
export const LIMIT_PER_MINUTE = 12;

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const seen = new Set<string>();

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(
    rateLimit({
      windowMs: 60_000,
      limit: LIMIT_PER_MINUTE,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
    }),
  );
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
    const duplicate = seen.has(guid);
    seen.add(guid);
    res.status(200).json({ status: duplicate ? 'duplicate' : 'accepted', guid });
  });

  return runningOnLoopback(app, () => requests);
}
