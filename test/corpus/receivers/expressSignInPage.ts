/**
 * express-sign-in-page: a CRM behind a single sign-on agent that serves its sign-in page in place: a
 * request without a session cookie gets 200 text/html, the page "Sign in · Acme SSO", whose form
 * posts a fresh SAML request to the identity provider (HTTP-POST binding, so each page differs by its
 * SAMLRequest and RelayState). The notification route behind it would be conformant, but OCS never
 * gets there: it has no session, and it takes the 200 for an acknowledgement.
 */
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

const SESSION_COOKIE = 'acme_sso';

/** The sign-in page, with the SAML request of this visit. */
function signInPage(relayState: string): string {
  const samlRequest = Buffer.from(
    `<samlp:AuthnRequest ID="_${randomUUID()}" IssueInstant="${new Date().toISOString()}"/>`,
  ).toString('base64');
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Sign in · Acme SSO' +
    '</title></head>\n<body onload="document.forms[0].submit()"><noscript><p>JavaScript is ' +
    'off: press Continue to sign in.</p></noscript>\n<form method="post" ' +
    'action="https://sso.acme.example/saml2/sso"><input type="hidden" name="SAMLRequest" ' +
    `value="${samlRequest}"><input type="hidden" name="RelayState" value="${relayState}">` +
    '<button type="submit">Continue</button></form></body></html>\n'
  );
}

function requireSession(req: Request, res: Response, next: NextFunction): void {
  const cookies = (req.get('cookie') ?? '').split(';').map((pair) => pair.trim());
  if (cookies.some((pair) => pair.startsWith(`${SESSION_COOKIE}=`))) {
    next();
    return;
  }
  res.status(200).type('html').send(signInPage(randomUUID()));
}

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const seen = new Set<string>();

  app.use((_req, _res, next) => {
    requests += 1;
    next();
  });
  app.use(requireSession);
  app.use(express.json());

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
