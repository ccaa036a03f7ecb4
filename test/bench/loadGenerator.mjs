// The load of the receive bench, in a process of its own (so it does not share the server's core):
// autocannon, 10 connections, POST of a full notification; with "fresh", every request a new
// GSW_MESSAGE_GUID (in the body and the ETag), so every one is parsed and validated in full.
// Usage: node loadGenerator.mjs URL SECONDS fresh|same BODY_FILE; prints the result as JSON.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const autocannon = createRequire(import.meta.url)('autocannon');
const [url, seconds, mode, bodyFile] = process.argv.slice(2);
const body = readFileSync(bodyFile, 'utf8');
const guid = JSON.parse(body).GSW_MESSAGE_GUID;
// Fresh bodies are made before the load starts, so that making them does not slow the load down.
const fresh =
  mode === 'fresh'
    ? Array.from({ length: 50_000 }, () => {
        const next = randomUUID();
        return { etag: next, body: body.replace(guid, next) };
      })
    : [];
let next = 0;
const requests =
  mode === 'fresh'
    ? [
        {
          setupRequest: (request) => {
            const one = fresh[next++ % fresh.length];
            return { ...request, headers: { ...request.headers, etag: one.etag }, body: one.body };
          },
        },
      ]
    : undefined;
const result = await autocannon({
  url,
  connections: 10,
  duration: Number(seconds),
  method: 'POST',
  headers: { 'content-type': 'application/json', etag: guid, 'user-agent': 'OCS/8.1.528.15' },
  body,
  ...(requests ? { requests } : {}),
});
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
);
