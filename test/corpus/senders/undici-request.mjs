// undici-request: undici's request() API, which is what the global fetch is built on.
// undici defaults that matter: request() never follows redirects (undici 7 dropped the
// maxRedirections option; following needs the redirect interceptor), a 3xx or 5xx is returned
// as a response (no throwing on status), headersTimeout and bodyTimeout 300 s each (set here
// from the response timeout; a timeout throws UND_ERR_HEADERS_TIMEOUT / UND_ERR_BODY_TIMEOUT),
// no retries (RetryAgent is opt-in), and no User-Agent header unless one is given.
import { request } from 'undici';
import { randomUUID } from 'node:crypto';

const env = process.env;
const retries = Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0);
const timeoutMs = Math.round(Number(env.CPN_RESPONSE_TIMEOUT ?? 10) * 1000);
const retryOn = (env.CPN_RETRY_APPLIES_TO ?? 'connection-failure,timeout,5xx')
  .split(',')
  .map((c) => c.trim());
const timeoutCodes = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const template = JSON.parse(env.CPN_MESSAGE);
const epoch = (ms = Date.now()) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliver(message, body) {
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(100 * 2 ** (attempt - 1));
    let failure;
    try {
      const { statusCode, body: response } = await request(env.CPN_URL, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          etag: message.GSW_MESSAGE_GUID,
          accept: '*/*',
          'user-agent': 'crm-notifier/1.0 (undici)',
        },
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.dump();
      if (statusCode >= 200 && statusCode < 300) return true;
      failure = `${Math.floor(statusCode / 100)}xx`;
    } catch (error) {
      failure = timeoutCodes.has(error.code) ? 'timeout' : 'connection-failure';
    }
    console.error(`attempt ${attempt + 1}: ${failure}`);
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
  allDelivered =
    (await deliver(message, i === 0 ? env.CPN_MESSAGE : JSON.stringify(message))) && allDelivered;
}
process.exit(allDelivered ? 0 : 1);
