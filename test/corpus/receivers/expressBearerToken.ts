/**
 * express-bearer-token: a conformant Express receiver behind a static bearer token, checked before
 * the body is parsed: without `Authorization: Bearer ci-token` every request gets 401 with
 * `WWW-Authenticate: Bearer`. OCS can send the token with `http-custom-headers`
 * (check-receiver: `--header 'Authorization: Bearer ci-token'`).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

/** The token the CI configures in OCS's `http-custom-headers`. */
export const TOKEN = 'ci-token';

function requireBearer(req: Request, res: Response, next: NextFunction): void {
  const authorization = req.get('authorization');
  if (authorization === undefined) {
    res
      .set('WWW-Authenticate', 'Bearer realm="crm-notifications"')
      .status(401)
      .json({ error: 'missing bearer token' });
    return;
  }
  if (authorization !== `Bearer ${TOKEN}`) {
    res
      .set('WWW-Authenticate', 'Bearer realm="crm-notifications", error="invalid_token"')
      .status(401)
      .json({ error: 'invalid bearer token' });
    return;
  }
  next();
}

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const seen = new Set<string>();

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(requireBearer);
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
