/**
 * Receiver speed and memory:
 * - `cpn-kit receive` under autocannon (10 connections, the full fixture) against a bare node:http
 *   server that reads the body and answers 200, both as child processes, same load, same run;
 *   target ratio >= 0.65 and no non-2xx answers.
 * - The default dedupe store holding 1 million GUIDs: heap growth against the 150 MB budget, and it
 *   stays bounded when more GUIDs arrive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { fixtures } from '../../src/message/fixtures.js';
import { normalizeGuid } from '../../src/receiver/DedupeStore.js';
import { LruDedupeStore } from '../../src/receiver/LruDedupeStore.js';
import type { BenchFigure } from './Bench.js';

/** The part of autocannon's API used here (the package ships no types). */
type Autocannon = (options: { url: string; connections: number; duration: number; method: string; headers: Record<string, string>; body: string; requests?: { setupRequest: (request: { headers?: Record<string, string>; body?: string }) => object }[] }) => Promise<{ requests: { average: number }; non2xx: number; errors: number; timeouts: number }>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const bare = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { Buffer.concat(chunks); res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"status":"accepted"}'); });
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port + '/'));
`;

function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (url !== undefined) resolve({ child, url });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function load(url: string, body: string, guid: string, duration: number, fresh = false): Promise<{ rps: number; non2xx: number; errors: number }> {
  // fresh: every request a new notification (new GUID in the body and the ETag), so each is fully validated.
  const requests = fresh
    ? [{ setupRequest: (request: { headers?: Record<string, string> }) => {
        const next = randomUUID();
        return { ...request, headers: { ...request.headers, etag: next }, body: body.replace(guid, next) };
      } }]
    : undefined;
  const result = await autocannon({ url, connections: 10, duration, method: 'POST', headers: { 'content-type': 'application/json', etag: guid, 'user-agent': 'OCS/8.1' }, body, ...(requests !== undefined ? { requests } : {}) });
  return { rps: result.requests.average, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function measure(args: string[], body: string, guid: string, fresh: boolean): Promise<{ rps: number; non2xx: number; errors: number }> {
  const server = await startChild(args);
  try {
    await load(server.url, body, guid, 1, fresh);
    return await load(server.url, body, guid, 3, fresh);
  } finally {
    await stop(server.child);
  }
}

async function throughput(fresh: boolean): Promise<BenchFigure> {
  const message = fixtures.full.message;
  const body = JSON.stringify(message);
  // Interleaved rounds, best of each: the machine is shared, so one slow round must not decide.
  let bareBest = 0;
  let kitBest = 0;
  let non2xx = 0;
  let errors = 0;
  for (let round = 0; round < 2; round++) {
    bareBest = Math.max(bareBest, (await measure(['-e', bare], body, message.GSW_MESSAGE_GUID, fresh)).rps);
    const kit = await measure([cli, 'receive', '--port', '0', '--path', '/notifications'], body, message.GSW_MESSAGE_GUID, fresh);
    kitBest = Math.max(kitBest, kit.rps);
    non2xx += kit.non2xx;
    errors += kit.errors;
  }
  if (non2xx > 0 || errors > 0) process.stdout.write(`  cpn-kit receive answered ${non2xx} non-2xx and had ${errors} errors: the figure below does not count\n`);
  return {
    name: fresh ? `cpn-kit receive, full fixture with a new GUID per request (all validated), 10 connections (${non2xx} non-2xx)` : `cpn-kit receive, the full fixture resent (retries), 10 connections (${non2xx} non-2xx)`,
    value: non2xx > 0 || errors > 0 ? 0 : kitBest,
    unit: 'req/s',
    baselineName: 'bare node:http server',
    baselineValue: bareBest,
    target: 0.65,
  };
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function dedupeMemory(): BenchFigure {
  const before = heapMb();
  const store = new LruDedupeStore({ capacity: 1_000_000 });
  for (let i = 0; i < 1_000_000; i++) store.claim(normalizeGuid(randomUUID()));
  const full = heapMb() - before;
  for (let i = 0; i < 200_000; i++) store.claim(normalizeGuid(randomUUID()));
  const after = heapMb() - before;
  const bounded = store.size === 1_000_000;
  process.stdout.write(`  dedupe store: ${full.toFixed(1)} MB at 1M GUIDs, ${after.toFixed(1)} MB after 200k more, size ${store.size} (${bounded ? 'bounded' : 'NOT bounded'})\n`);
  return {
    name: `LruDedupeStore holding 1 million GUIDs (${bounded ? 'bounded' : 'NOT bounded'})`,
    value: bounded ? Math.max(full, after) : Number.POSITIVE_INFINITY,
    unit: 'MB',
    baselineName: 'budget from the issue',
    baselineValue: 150,
    target: 1,
    lowerIsBetter: true,
  };
}

export default async function receiveBench(): Promise<BenchFigure[]> {
  return [await throughput(false), await throughput(true), dedupeMemory()];
}
