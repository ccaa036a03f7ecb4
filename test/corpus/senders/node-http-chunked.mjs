// node-http-chunked: node:http's request() the way a streaming relay writes it: the body goes out
// with write() and no Content-Length, so Node sends it chunked (Transfer-Encoding: chunked), as Go's
// net/http and aiohttp do when they do not know the length. HTTP/1.1 allows it; OCS itself always
// sends Content-Length. node:http's defaults that matter: no redirect following at all (a 3xx is
// an answer), no timeout (here: setTimeout per attempt, destroying the request), Connection:
// keep-alive through the global agent. Otherwise conformant: the retry policy from
// CPN_RETRY_APPLIES_TO, the same body on every retry.
import { request } from 'node:http';

const env = process.env;
const retries = Number(env.CPN_RETRY_MAX_ATTEMPTS ?? 0);
const timeoutMs = Number(env.CPN_RESPONSE_TIMEOUT ?? 10) * 1000;
const retryOn = (env.CPN_RETRY_APPLIES_TO ?? 'connection-failure,timeout,5xx')
  .split(',')
  .map((c) => c.trim());
const message = JSON.parse(env.CPN_MESSAGE);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One attempt: the status, or 'timeout' / 'connection-failure'. */
function attempt() {
  return new Promise((resolve) => {
    const req = request(env.CPN_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        etag: message.GSW_MESSAGE_GUID,
        accept: '*/*',
        'user-agent': 'crm-relay/2.0',
      },
    });
    req.setTimeout(timeoutMs, () => {
      resolve('timeout');
      req.destroy();
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve('connection-failure'));
    });
    req.on('error', () => resolve('connection-failure'));
    // Written, not passed to end(): Node then sends the body chunked.
    req.write(env.CPN_MESSAGE);
    req.end();
  });
}

for (let n = 0; n <= retries; n++) {
  if (n > 0) await sleep(100 * 2 ** (n - 1));
  const result = await attempt();
  if (typeof result === 'number' && result >= 200 && result < 300) process.exit(0);
  const failure = typeof result === 'number' ? `${Math.floor(result / 100)}xx` : result;
  console.log(`attempt ${n + 1}: ${failure}`);
  if (!retryOn.includes(failure)) break;
}
process.exit(1);
