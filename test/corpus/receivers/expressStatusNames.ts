/**
 * express-status-names: express-conformant that also files each notification under the record
 * status's name, from a lookup table copied from the documentation of the release it was written
 * against. A GSW_RECORD_STATUS past that table (a newer OCS release) finds no entry, reading its
 * `.label` throws, and the error handler answers 500. The fixed checks' vendor values are in
 * GSW_CALL_RESULT and GSW_OPTIMIZE_BY, so they pass it.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { runningOnLoopback, type RunningReceiver } from './RunningReceiver.js';

const RECORD_STATUS: Record<number, { label: string }> = {
  0: { label: 'none' },
  1: { label: 'ready' },
  2: { label: 'retrieved' },
  3: { label: 'updated' },
  4: { label: 'stale' },
  5: { label: 'cancelled' },
  6: { label: 'agent-error' },
  7: { label: 'chain-updated' },
  8: { label: 'missed-callback' },
  9: { label: 'chain-ready' },
};

export async function start(): Promise<RunningReceiver> {
  const app = express();
  let requests = 0;
  const seen = new Set<string>();
  const filed = new Map<string, string[]>();

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
    const body = req.body as { GSW_MESSAGE_GUID: string; GSW_RECORD_STATUS: number };
    if (!seen.has(body.GSW_MESSAGE_GUID)) {
      const folder = RECORD_STATUS[body.GSW_RECORD_STATUS]!.label;
      filed.set(folder, [...(filed.get(folder) ?? []), body.GSW_MESSAGE_GUID]);
      seen.add(body.GSW_MESSAGE_GUID);
    }
    res.status(200).json({ status: 'accepted' });
  });
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ error: error.message });
  });

  return runningOnLoopback(app, () => requests);
}
