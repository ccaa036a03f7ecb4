// fetch-timeout-in-ms: like a conformant fetch sender (redirect 'manual', retry policy from
// CPN_RETRY_APPLIES_TO), but the response timeout, given in seconds, is passed to
// AbortSignal.timeout as if it were milliseconds: every attempt is aborted almost at once.
// fetch's own defaults that matter: redirect 'follow' (overridden here) and no timeout.
import { randomUUID } from 'node:crypto';

const env = process.env;
const retries = Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0);
const responseTimeout = Number(env.CPN_RESPONSE_TIMEOUT ?? 10); // http-response-timeout
const retryOn = (env.CPN_RETRY_APPLIES_TO ?? 'connection-failure,timeout,5xx')
  .split(',')
  .map((c) => c.trim());
const template = JSON.parse(env.CPN_MESSAGE);
const epoch = (ms = Date.now()) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliver(message, body) {
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(100 * 2 ** (attempt - 1));
    let failure;
    try {
      const res = await fetch(env.CPN_URL, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          etag: message.GSW_MESSAGE_GUID,
          accept: '*/*',
          'user-agent': 'crm-notifier/1.0',
        },
        body,
        signal: AbortSignal.timeout(responseTimeout), // BUG: seconds used as milliseconds
      });
      await res.arrayBuffer();
      if (res.status >= 200 && res.status < 300) return true;
      failure = `${Math.floor(res.status / 100)}xx`;
    } catch (error) {
      failure = error.name === 'TimeoutError' ? 'timeout' : 'connection-failure';
    }
    if (!retryOn.includes(failure)) return false;
  }
  return false;
}

let allDelivered = true;
for (let i = 0; i < Number(env.CPN_COUNT ?? 1); i++) {
  const message =
    i === 0
      ? template
      : {
          ...template,
          GSW_MESSAGE_GUID: randomUUID(),
          GSW_CALL_ATTEMPT_GUID: randomUUID(),
          GSW_TIMESTAMP: epoch(),
        };
  const ok = await deliver(message, i === 0 ? env.CPN_MESSAGE : JSON.stringify(message));
  console.log(`${message.GSW_MESSAGE_GUID} ${ok ? 'delivered' : 'failed'}`);
  allDelivered &&= ok;
}
process.exit(allDelivered ? 0 : 1);
