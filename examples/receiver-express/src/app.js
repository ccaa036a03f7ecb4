/**
 * The CRM endpoint OCS posts contact-processed notifications to: POST /ocs/contact-processed.
 *
 * - 200 {"status":"accepted"}   a valid notification, seen for the first time (handed to `onNotification`);
 * - 200 {"status":"duplicate"}  the same GSW_MESSAGE_GUID again (OCS retried): acknowledged, not handled twice;
 * - 400 {"status":"rejected"}   not JSON, not an object, or a message the schema refuses (each field named);
 * - 413 / 415                   too large / not application/json;
 * - 500                         `onNotification` threw: the GUID is forgotten, so OCS's retry is handled.
 *
 * Never a redirect: OCS does not follow them, and would count the notification as failed.
 */
import express from 'express';
import { normalizeGuid, validateContactProcessed } from 'cpn-kit';

export const NOTIFICATION_PATH = '/ocs/contact-processed';

/**
 * The GUIDs already handled. In production, share it between instances (Redis SET NX with a TTL, or a
 * unique key in a table); this one is in memory. It takes a GUID as it appears in the message and keys
 * on `normalizeGuid(guid)` (lower case, no braces or dashes), so that any spelling OCS writes of one
 * GUID is the same notification.
 */
export function createSeenStore() {
  const seen = new Map();
  return {
    /** True when the GUID was not seen before (and is now). */
    claim: (guid) => {
      const key = normalizeGuid(String(guid));
      return !seen.has(key) && seen.set(key, Date.now()) !== undefined;
    },
    release: (guid) => void seen.delete(normalizeGuid(String(guid))),
    get size() {
      return seen.size;
    },
  };
}

/**
 * @param {{
 *   store?: ReturnType<typeof createSeenStore>,
 *   onNotification?: (message: Record<string, unknown>) => unknown | Promise<unknown>,
 *   onWarning?: (message: string) => void,
 * }} [options]
 */
export function createApp(options = {}) {
  const store = options.store ?? createSeenStore();
  const onNotification = options.onNotification ?? (() => undefined);
  const onWarning = options.onWarning ?? (() => undefined);
  const app = express();
  app.disable('x-powered-by');

  app.post(NOTIFICATION_PATH, express.json({ limit: '256kb' }), async (req, res) => {
    if (!req.is('application/json')) {
      return res.status(415).json({
        status: 'rejected',
        errors: [{ field: '(headers)', message: 'expected Content-Type: application/json' }],
      });
    }
    const result = validateContactProcessed(req.body);
    if (!result.valid) {
      return res.status(400).json({
        status: 'rejected',
        errors: result.errors.map((e) => ({ field: e.field, message: e.message })),
      });
    }
    // Unknown GSW_ fields and call results past the known tables are warnings: a newer OCS sends them.
    for (const warning of result.warnings) onWarning(warning.message);
    const guid = req.body.GSW_MESSAGE_GUID;
    if (!(await store.claim(guid))) return res.status(200).json({ status: 'duplicate' });
    try {
      await onNotification(req.body);
    } catch {
      await store.release(guid);
      return res
        .status(500)
        .json({ status: 'error', message: 'the notification could not be stored; retry' });
    }
    return res.status(200).json({ status: 'accepted' });
  });

  // express.json's own refusals (broken JSON, a body over the limit, an unsupported charset), as JSON.
  app.use((error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status =
      Number.isInteger(error.status) && error.status >= 400 && error.status < 500
        ? error.status
        : 500;
    res.status(status).json({
      status: 'rejected',
      errors: [
        {
          field: '(body)',
          message: error.type === 'entity.parse.failed' ? 'the body is not JSON' : error.message,
        },
      ],
    });
  });
  return app;
}
