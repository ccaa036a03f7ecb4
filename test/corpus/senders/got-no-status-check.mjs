// got-no-status-check: got with HTTP errors turned off and the status never looked at.
// got defaults that matter: throwHttpErrors true (turned off here: got then resolves with the
// final response, after its retries, whatever its status), followRedirect true (off here; a 3xx
// then counts as a successful response anyway), retry.methods without POST (POST added here),
// retry.statusCodes 408, 413, 429, 500, 502, 503, 504, 521, 522, 524, no timeout.
import got from 'got';
import { randomUUID } from 'node:crypto';

const env = process.env;
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
    const { statusCode } = await got.post(env.CPN_URL, {
      body: i === 0 ? env.CPN_MESSAGE : JSON.stringify(message),
      headers: {
        'content-type': 'application/json',
        etag: message.GSW_MESSAGE_GUID,
        accept: '*/*',
      },
      followRedirect: false,
      throwHttpErrors: false,
      timeout: { request: Math.round(Number(env.CPN_RESPONSE_TIMEOUT ?? 10) * 1000) },
      retry: { limit: Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0), methods: ['POST'] },
    });
    console.log(`${message.GSW_MESSAGE_GUID}: sent, HTTP ${statusCode}`); // BUG: any status counts as sent
  } catch (error) {
    console.error(`${message.GSW_MESSAGE_GUID}: ${error.code ?? error.message}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
