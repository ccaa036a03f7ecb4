// axios-conformant: axios configured for the OCS contract.
// axios defaults that matter (Node http adapter): redirects followed (follow-redirects, limit 21;
// 301/302/303 turn a POST into a GET), timeout 0 (none), validateStatus 2xx (others throw).
// Here: maxRedirects 0 (a 3xx comes back as a response), timeout in ms from the response
// timeout (a timeout rejects with code ECONNABORTED, or ETIMEDOUT with transitional.clarifyTimeoutError),
// validateStatus accepting every status, and the retry policy from CPN_RETRY_APPLIES_TO.
import axios from 'axios';
import { randomUUID } from 'node:crypto';

const env = process.env;
const retries = Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0);
const retryOn = (env.CPN_RETRY_APPLIES_TO ?? 'connection-failure,timeout,5xx')
  .split(',')
  .map((c) => c.trim());
const client = axios.create({
  maxRedirects: 0,
  timeout: Math.round(Number(env.CPN_RESPONSE_TIMEOUT ?? 10) * 1000),
  validateStatus: () => true,
  headers: { 'Content-Type': 'application/json', Accept: '*/*' },
});
const template = JSON.parse(env.CPN_MESSAGE);
const epoch = (ms = Date.now()) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliver(message, body) {
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(100 * 2 ** (attempt - 1));
    let failure;
    try {
      const res = await client.post(env.CPN_URL, body, {
        headers: { ETag: message.GSW_MESSAGE_GUID },
      });
      if (res.status >= 200 && res.status < 300) return true;
      failure = `${Math.floor(res.status / 100)}xx`;
    } catch (error) {
      failure =
        error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT'
          ? 'timeout'
          : 'connection-failure';
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
