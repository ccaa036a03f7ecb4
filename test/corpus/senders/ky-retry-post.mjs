// ky-retry-post: ky (a wrapper of the global fetch) with its retry turned on for POST.
// ky defaults that matter: retry.limit 2 but retry.methods excludes post; retry.statusCodes
// 408, 413, 429, 500, 502, 503, 504 (Retry-After honoured for 413, 429, 503; a 413 without it is
// not retried); backoff 0.3 s, 0.6 s, ...; retry.retryOnTimeout false (a TimeoutError is never
// retried); timeout 10 s (replaced here by the response timeout); and fetch's redirect 'follow'.
import ky from 'ky';
import { randomUUID } from 'node:crypto';

const env = process.env;
const template = JSON.parse(env.CPN_MESSAGE);
const epoch = (ms = Date.now()) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
const api = ky.create({
  timeout: Math.round(Number(env.CPN_RESPONSE_TIMEOUT ?? 10) * 1000),
  retry: { limit: Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0), methods: ['post'] },
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
    const res = await api.post(env.CPN_URL, {
      body: i === 0 ? env.CPN_MESSAGE : JSON.stringify(message),
      headers: { etag: message.GSW_MESSAGE_GUID },
    });
    console.log(`${message.GSW_MESSAGE_GUID}: delivered (HTTP ${res.status})`);
  } catch (error) {
    console.error(`${message.GSW_MESSAGE_GUID}: failed: ${error.name}: ${error.message}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
