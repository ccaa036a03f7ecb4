// got-retry-post: got with its retry turned on for POST and redirects turned off.
// got defaults that matter: retry.limit 2 but retry.methods excludes POST; retry.statusCodes
// 408, 413, 429, 500, 502, 503, 504, 521, 522, 524 plus network error codes (ETIMEDOUT,
// ECONNRESET, ...); Retry-After honoured (and a 413 without one is not retried); backoff
// 1 s, 2 s, ... plus noise; followRedirect true; no timeout; throwHttpErrors true. With
// followRedirect false got counts a 3xx as a successful response (it throws only above 399).
import got from 'got';
import { randomUUID } from 'node:crypto';

const env = process.env;
const template = JSON.parse(env.CPN_MESSAGE);
const epoch = (ms = Date.now()) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
const client = got.extend({
  followRedirect: false,
  timeout: { request: Math.round(Number(env.CPN_RESPONSE_TIMEOUT ?? 10) * 1000) },
  retry: { limit: Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0), methods: ['POST'] },
  headers: { 'content-type': 'application/json', accept: '*/*' },
});

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
    const res = await client.post(env.CPN_URL, {
      body: i === 0 ? env.CPN_MESSAGE : JSON.stringify(message),
      headers: { etag: message.GSW_MESSAGE_GUID },
    });
    console.log(
      `${message.GSW_MESSAGE_GUID}: delivered (HTTP ${res.statusCode}, ${res.retryCount} retries)`,
    );
  } catch (error) {
    console.error(`${message.GSW_MESSAGE_GUID}: failed: ${error.message}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
