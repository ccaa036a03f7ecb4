// ofetch-retry: ofetch (on global fetch) with its retry and timeout options, the way its README
// shows them. ofetch's defaults that matter (ofetch 1.5.1, dist/shared/ofetch.*.mjs): retry 0 for
// a POST (1 for other methods), retried on 408 409 425 429 500 502 503 504 and on every thrown
// error (no response counts as 500); retryDelay 0; no timeout; fetch's redirect 'follow'.
// `timeout` arms one AbortController for the first attempt only: a retry reuses that attempt's
// options, its signal included, so after a timeout the retry is aborted before it is sent, and
// after a 5xx the retry has no timeout at all. Here: redirect 'manual', retry and timeout from the
// settings, retryDelay 100 ms, and the 3xx/4xx codes left out of retryStatusCodes.
import { ofetch } from 'ofetch';

const env = process.env;
const message = JSON.parse(env.CPN_MESSAGE);
try {
  await ofetch(env.CPN_URL, {
    method: 'POST',
    body: env.CPN_MESSAGE,
    redirect: 'manual',
    headers: {
      'content-type': 'application/json',
      etag: message.GSW_MESSAGE_GUID,
      accept: '*/*',
      'user-agent': 'crm-notifier/1.0',
    },
    retry: Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0),
    retryDelay: 100,
    retryStatusCodes: [500, 502, 503, 504],
    timeout: Number(env.CPN_RESPONSE_TIMEOUT ?? 10) * 1000,
  });
  console.log(`${message.GSW_MESSAGE_GUID} delivered`);
} catch (error) {
  console.log(`${message.GSW_MESSAGE_GUID} failed: ${error.message}`);
  process.exit(1);
}
