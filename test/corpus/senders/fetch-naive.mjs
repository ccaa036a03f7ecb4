// fetch-naive: Node's global fetch (undici) with its defaults, as a quick integration is written.
// fetch's defaults that matter: redirect 'follow' (up to 20; a 301/302 to a POST is re-sent as a
// GET without the body, a 303 as a GET, a 307/308 re-POSTs the body to the Location) and no
// timeout (it waits as long as the server holds the request). Retries 5xx and thrown errors.
import { randomUUID } from 'node:crypto';

const env = process.env;
const retries = Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0);
const template = JSON.parse(env.CPN_MESSAGE);
const epoch = (ms = Date.now()) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;

async function deliver(message, body) {
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      const res = await fetch(env.CPN_URL, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          etag: message.GSW_MESSAGE_GUID,
          accept: '*/*',
        },
        body,
      });
      await res.text();
      if (res.ok) return true;
      if (res.status < 500) return false;
      console.error(`attempt ${attempt + 1}: HTTP ${res.status}`);
    } catch (error) {
      console.error(`attempt ${attempt + 1}: ${error.message}`);
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
