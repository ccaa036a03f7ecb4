// The load of the receive bench, in a process of its own (so it does not share the server's core):
// autocannon, 10 connections, POST of a full notification; with "fresh", every request a new
// GSW_MESSAGE_GUID (in the body and the ETag), so every one is parsed and validated in full.
// Usage: node loadGenerator.mjs URL SECONDS fresh|same BODY_FILE [RATE]; prints the result as JSON.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const autocannon = createRequire(import.meta.url)('autocannon');
const [url, seconds, mode, bodyFile, rate] = process.argv.slice(2);
const body = readFileSync(bodyFile, 'utf8');
const guid = JSON.parse(body).GSW_MESSAGE_GUID;
// With "fresh", each request gets a GUID never sent before (no body repeats, however long the run).
const parts = body.split(guid);
const requests =
  mode === 'fresh'
    ? [
        {
          setupRequest: (request) => {
            const next = randomUUID();
            return {
              ...request,
              headers: { ...request.headers, etag: next },
              body: parts.join(next),
            };
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
  // With a rate, every server sees the same arrivals (none saturated), so CPU per request compares.
  ...(rate !== undefined ? { overallRate: Number(rate) } : {}),
});
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
);
