/**
 * express-login-redirect: a CRM whose routes all sit behind a login: an auth middleware, first in
 * the chain, sends every request without a session cookie to the login page with
 * `res.redirect('/login')` (302, relative Location). The notification route behind it would be
 * conformant, but OCS never gets there: it does not follow redirects and has no session.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

const SESSION_COOKIE = 'crm.sid';

function hasSession(req: Request): boolean {
  const cookies = (req.get('cookie') ?? '').split(';').map((pair) => pair.trim());
  return cookies.some(
    (pair) => pair.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1,
  );
}

function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (req.path === '/login' || hasSession(req)) {
    next();
    return;
  }
  res.redirect('/login');
}

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const seen = new Set<string>();

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(requireLogin);
  app.use(express.json());

  app.get('/login', (_req, res) => {
    res
      .type('html')
      .send(
        '<form method="post" action="/login"><input name="user"><input name="password" ' +
          'type="password"><button>Sign in</button></form>',
      );
  });

  app.post('/notifications', (req, res) => {
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
