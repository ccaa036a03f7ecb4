// node-fetch-defaults: node-fetch 3 with its defaults, a timeout through AbortSignal, retries on 5xx.
// node-fetch defaults that matter: redirect 'follow' with follow 20 (a 303, or a 301/302 to a
// POST, is re-sent as a GET without the body; a 307/308 re-POSTs the body unless it is a stream),
// no timeout of its own (an aborted signal rejects with an AbortError), compress true, and the
// User-Agent "node-fetch".
import fetch from 'node-fetch';
import { randomUUID } from 'node:crypto';

const env = process.env;
const retries = Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0);
const timeoutMs = Math.round(Number(env.CPN_RESPONSE_TIMEOUT ?? 10) * 1000);
const template = JSON.parse(env.CPN_MESSAGE);
const epoch = (ms = Date.now()) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliver(message, body) {
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(200);
    try {
      const res = await fetch(env.CPN_URL, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ETag: message.GSW_MESSAGE_GUID,
          Accept: '*/*',
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.text();
      if (res.ok) return true;
      console.error(`attempt ${attempt + 1}: HTTP ${res.status}`);
      if (res.status < 500) return false;
    } catch (error) {
      console.error(`attempt ${attempt + 1}: ${error.name}: ${error.message}`); // AbortError, FetchError
    }
  }
  return false;
}

let failed = 0;
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
  if (!(await deliver(message, i === 0 ? env.CPN_MESSAGE : JSON.stringify(message)))) failed++;
}
process.exit(failed === 0 ? 0 : 1);
