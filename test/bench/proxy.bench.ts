/**
 * The judging proxy's speed and memory:
 * - `cpn-kit send --pool-size 10` through `cpn-kit proxy` (judging and recording every exchange) to
 *   a bare loopback server, against the same send through a bare forwarding proxy (node:http in
 *   front, undici behind, nothing else), in the same run, best of 3 interleaved rounds. The sender
 *   on one core, the server and the proxy on the other, each proxy warmed up with 5 000 notifications
 *   first: the ratio is what judging and recording add to forwarding. Target: >= 0.6 (every request
 *   is parsed, grouped, judged by eleven rules and written to the recording with two SHA-256 hashes).
 * - Memory over 100 000 notifications through the proxy in this process (the tracker, the tally,
 *   the recording): the heap after 100 000 against the heap after 10 000 (after a GC each time).
 *   Bounded memory means flat: target <= 1.2.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProxy } from '../../src/checks/proxy/startProxy.js';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import { createSender } from '../../src/sender/createSender.js';
import type { BenchFigure } from './Bench.js';
import { pinned } from './pinned.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const bare = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end());
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port + '/'));
`;

/**
 * The baseline proxy: node:http in front, undici's Agent behind (as cpn-kit proxy), forwarding each
 * request and its answer with their headers (minus Host and Connection) and nothing else — no
 * judging, no recording.
 */
const undici = fileURLToPath(new URL('../../node_modules/undici/index.js', import.meta.url));
const bareProxy = (target: string) => `
const http = require('node:http');
const { Agent } = require(${JSON.stringify(undici)});
const target = new URL(${JSON.stringify(target)});
const agent = new Agent({ keepAliveTimeout: 60000 });
const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const { host, connection, ...headers } = req.headers;
  const answer = await agent.request({ origin: target.origin, path: target.pathname, method: req.method,
    headers, body: Buffer.concat(chunks) });
  const body = Buffer.from(await answer.body.arrayBuffer());
  const { connection: c, 'keep-alive': k, ...answerHeaders } = answer.headers;
  res.writeHead(answer.statusCode, answerHeaders).end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port + '/'));
`;

/** Notifications sent through each proxy before its rate is measured: a proxy in staging runs warm. */
const WARM_UP = 5_000;

/** Starts a child on core 1 and resolves once it prints `listening on URL`. */
function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(...pinned(1, args), { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const look = (c: Buffer) => {
      out += c.toString();
      const match = /listening on (\S+?),?\s/.exec(out);
      if (match?.[1] !== undefined) resolve({ child, url: match[1] });
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out.slice(-2000)}`)));
  });
}

/** `cpn-kit send` on core 0: its own notifications per second. */
function sendRate(url: string, count: number): number {
  const result = spawnSync(
    ...pinned(0, [
      cli,
      'send',
      '--uri',
      url,
      '--count',
      String(count),
      '--pool-size',
      '10',
      '--fixture',
      'full',
      '--json',
    ]),
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (result.status !== 0)
    throw new Error(`cpn-kit send exited ${result.status}: ${result.stderr}`);
  const summary = JSON.parse(result.stdout) as { delivered: number; ratePerSecond: number };
  if (summary.delivered !== count)
    throw new Error(`cpn-kit send delivered ${summary.delivered} of ${count}`);
  return summary.ratePerSecond;
}

async function throughput(dir: string): Promise<BenchFigure> {
  const server = await startChild(['-e', bare]);
  const bareRates: number[] = [];
  const proxied: number[] = [];
  try {
    for (let round = 0; round < 3; round++) {
      const bare = await startChild(['-e', bareProxy(server.url)]);
      sendRate(bare.url, WARM_UP);
      bareRates.push(sendRate(bare.url, 10_000));
      bare.child.kill();
      const proxy = await startChild([
        cli,
        'proxy',
        '--target',
        server.url,
        '--listen',
        '127.0.0.1:0',
        '--pool-size',
        '10',
        '--record',
        join(dir, `round-${round}.ndjson`),
      ]);
      sendRate(proxy.url, WARM_UP);
      proxied.push(sendRate(proxy.url, 10_000));
      const exited = new Promise((resolve) => proxy.child.once('exit', resolve));
      proxy.child.kill('SIGTERM');
      await exited;
    }
  } finally {
    server.child.kill();
  }
  return {
    name: 'cpn-kit send --pool-size 10 through cpn-kit proxy (judging, recording)',
    value: Math.max(...proxied),
    unit: 'req/s',
    baselineName: 'the same send through a bare forwarding proxy (node:http + undici)',
    baselineValue: Math.max(...bareRates),
    target: 0.6,
  };
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Sends fresh notifications through `url` on 10 lanes until `until` have been sent in all. */
async function sendUntil(
  sender: ReturnType<typeof createSender>,
  counter: { sent: number },
  until: number,
) {
  const lane = async () => {
    while (counter.sent < until) {
      counter.sent += 1;
      const result = await sender.send(freshContactProcessed());
      if (result.outcome !== 'delivered') throw new Error(`not delivered: ${result.reason}`);
    }
  };
  await Promise.all(Array.from({ length: 10 }, lane));
}

async function memory(dir: string): Promise<BenchFigure> {
  const server = await startChild(['-e', bare]);
  const record = join(dir, 'memory.ndjson');
  const proxy = await startProxy({ target: server.url, port: 0, connectionPoolSize: 10, record });
  const sender = createSender({ uri: proxy.url, connectionPoolSize: 10 });
  const counter = { sent: 0 };
  const heaps: number[] = [];
  let summary = '';
  try {
    for (const until of [10_000, 100_000]) {
      await sendUntil(sender, counter, until);
      heaps.push(heapMb());
    }
  } finally {
    await sender.close();
    const report = await proxy.close();
    server.child.kill();
    summary = report.findings.find((f) => f.id === 'notifications')?.summary ?? '';
  }
  if (!summary.startsWith('100000 notifications: 100000 delivered'))
    throw new Error(`the proxy saw: ${summary}`);
  return {
    name: 'proxy heap after 100 000 notifications (judged, recorded)',
    value: heaps[1]!,
    unit: 'MB',
    baselineName: 'after 10 000',
    baselineValue: heaps[0]!,
    target: 1.2,
    lowerIsBetter: true,
  };
}

export default async function proxyBench(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cpn-kit-proxy-bench-'));
  try {
    return [await throughput(dir), await memory(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
