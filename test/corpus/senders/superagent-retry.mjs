// superagent-retry: superagent with .retry(N) and a response timeout, defaults otherwise.
// superagent defaults that matter (Node): .redirects(5) (a 301/302/303 is re-sent as a GET
// without the body, a 307/308 re-sends the POST and its body); .retry(N) retries at once, with no
// backoff and no regard for Retry-After, on 408, 413, 429, 500, 502, 503, 504, 521, 522, 524, on
// ECONNRESET/ETIMEDOUT/ECONNREFUSED/... and on its own timeouts, for every method including POST;
// no timeout unless .timeout() is called; non-2xx rejects; no User-Agent header is sent.
import superagent from 'superagent';
import { randomUUID } from 'node:crypto';

const env = process.env;
const retries = Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0);
const timeoutMs = Math.round(Number(env.CPN_RESPONSE_TIMEOUT ?? 10) * 1000);
const template = JSON.parse(env.CPN_MESSAGE);
const epoch = (ms = Date.now()) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;

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
  try {
    const res = await superagent
      .post(env.CPN_URL)
      .set('Content-Type', 'application/json')
      .set('ETag', message.GSW_MESSAGE_GUID)
      .set('Accept', '*/*')
      .set('User-Agent', 'crm-notifier/1.0 (superagent)')
      .send(i === 0 ? env.CPN_MESSAGE : JSON.stringify(message))
      .retry(retries)
      .timeout({ response: timeoutMs });
    console.log(`${message.GSW_MESSAGE_GUID}: delivered (HTTP ${res.status})`);
  } catch (error) {
    console.error(
      `${message.GSW_MESSAGE_GUID}: failed: ${error.status ?? error.code ?? error.message}`,
    );
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
