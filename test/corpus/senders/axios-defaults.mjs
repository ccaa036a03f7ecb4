// axios-defaults: axios.post with axios's defaults, plus a retry loop for 5xx and network errors.
// axios defaults that matter (Node http adapter): redirects followed through follow-redirects
// (maxRedirects unset, so follow-redirects' own limit of 21; a 301/302 to a POST and a 303 are
// re-sent as GET without the body, a 307/308 re-POSTs the buffered body), timeout 0 (none), and
// validateStatus 2xx (any other status throws an AxiosError carrying error.response).
import axios from 'axios';
import { randomUUID } from 'node:crypto';

const env = process.env;
const retries = Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0);
const template = JSON.parse(env.CPN_MESSAGE);
const epoch = (ms = Date.now()) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;

async function deliver(message, body) {
  for (let attempt = 0; ; attempt++) {
    try {
      await axios.post(env.CPN_URL, body, {
        headers: {
          'Content-Type': 'application/json',
          ETag: message.GSW_MESSAGE_GUID,
          Accept: '*/*',
        },
      });
      return true;
    } catch (error) {
      const status = error.response?.status;
      console.error(
        `attempt ${attempt + 1}: ${status ? `HTTP ${status}` : (error.code ?? error.message)}`,
      );
      const retryable = status === undefined || status >= 500;
      if (!retryable || attempt >= retries) return false;
    }
  }
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
