/**
 * The judging proxy's speed and memory:
 * - `cpn-kit send --pool-size 10` through `cpn-kit proxy` (judging and recording every exchange) to
 *   `cpn-kit receive`, against the same send straight to `cpn-kit receive`, in the same run, best of
 *   3 interleaved rounds, each path warmed up with 5 000 notifications first. Target: >= 0.6.
 *   The sender and the receiver share core 0 in every round; the proxy has core 1 to itself, as it
 *   has a host of its own in staging. The same send through a bare forwarding proxy (node:http in
 *   front, undici behind, headers passed through, nothing else) is the second baseline: what
 *   judging and recording cost on top of forwarding.
 * - Memory over 100 000 notifications through the proxy in this process (the tracker, the tally,
 *   the recording): the heap after 100 000 against the heap after 10 000 (after a GC each time).
 *   Bounded memory means flat: target <= 1.2.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProxy } from '../../src/checks/proxy/startProxy.js';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import { createSender } from '../../src/sender/createSender.js';
import type { BenchFigure } from './Bench.js';
import { pinned } from './pinned.js';
import { sendRate } from './sendRate.js';

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

/** Starts a child on a core and resolves once it prints `listening on URL`. */
function startChild(core: number, args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(...pinned(core, args), { stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * Starts `cpn-kit proxy` to `target` on core 1, recording into `file`; with `reports`, writing its
 * JSON, JUnit and HTML reports too (rewritten at most once a second while it runs).
 */
function startKitProxy(target: string, file: string, reports = false, kit = cli) {
  const args = [kit, 'proxy', '--target', target, '--listen', '127.0.0.1:0', '--pool-size', '10'];
  const files = reports
    ? ['--json', `${file}.json`, '--junit', `${file}.xml`, '--html', `${file}.html`]
    : [];
  return startChild(1, [...args, '--record', file, ...files]);
}

/** Stops a child and waits until it has exited (the proxy writes its report first). */
async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The send rate after a warm-up of the whole path. */
function warmRate(url: string): number {
  sendRate(url, WARM_UP);
  return sendRate(url, 10_000);
}

async function throughput(dir: string): Promise<BenchFigure[]> {
  const receiver = await startChild(0, [cli, 'receive', '--port', '0', '--path', '/notifications']);
  const rates = {
    direct: [] as number[],
    bare: [] as number[],
    kit: [] as number[],
    reports: [] as number[],
  };
  try {
    for (let round = 0; round < 3; round++) {
      rates.direct.push(warmRate(receiver.url));
      const bare = await startChild(1, ['-e', bareProxy(receiver.url)]);
      rates.bare.push(warmRate(bare.url));
      await stop(bare.child);
      const proxy = await startKitProxy(receiver.url, join(dir, `round-${round}.ndjson`));
      rates.kit.push(warmRate(proxy.url));
      await stop(proxy.child);
      const reporting = await startKitProxy(
        receiver.url,
        join(dir, `reports-${round}.ndjson`),
        true,
      );
      rates.reports.push(warmRate(reporting.url));
      await stop(reporting.child);
    }
  } finally {
    await stop(receiver.child);
  }
  const name =
    'cpn-kit send --pool-size 10 through cpn-kit proxy (judging, recording) to cpn-kit receive';
  return [
    {
      name,
      value: Math.max(...rates.kit),
      unit: 'req/s',
      baselineName: 'the same send straight to cpn-kit receive',
      baselineValue: Math.max(...rates.direct),
      target: 0.6,
    },
    {
      name,
      value: Math.max(...rates.kit),
      unit: 'req/s',
      baselineName: 'the same send through a bare forwarding proxy (node:http + undici)',
      baselineValue: Math.max(...rates.bare),
      target: 0.6,
    },
    {
      name: `${name}, its --json, --junit and --html reports rewritten as it runs`,
      value: Math.max(...rates.reports),
      unit: 'req/s',
      baselineName: 'the same without report files',
      baselineValue: Math.max(...rates.kit),
      target: 0.95,
    },
  ];
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
  const server = await startChild(1, ['-e', bare]);
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

/**
 * With `CPN_BENCH_PROXY_BEFORE=…/dist/cli/main.js` (another build of the kit, e.g. the commit before
 * a change): this proxy against that one, best of 3 interleaved rounds, both recording, same load.
 */
async function againstBefore(dir: string, before: string): Promise<BenchFigure> {
  const receiver = await startChild(0, [cli, 'receive', '--port', '0', '--path', '/notifications']);
  const rates = { now: [] as number[], before: [] as number[] };
  try {
    for (let round = 0; round < 3; round++)
      for (const [which, kit] of [
        ['before', before],
        ['now', cli],
      ] as const) {
        const proxy = await startKitProxy(
          receiver.url,
          join(dir, `${which}-${round}.ndjson`),
          false,
          kit,
        );
        rates[which].push(warmRate(proxy.url));
        await stop(proxy.child);
      }
  } finally {
    await stop(receiver.child);
  }
  return {
    name: 'cpn-kit send --pool-size 10 through this cpn-kit proxy (recording) to cpn-kit receive',
    value: Math.max(...rates.now),
    unit: 'req/s',
    baselineName: `the same through the proxy of ${before}`,
    baselineValue: Math.max(...rates.before),
    target: 0.95,
  };
}

export default async function proxyBench(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cpn-kit-proxy-bench-'));
  const before = process.env.CPN_BENCH_PROXY_BEFORE;
  try {
    if (before !== undefined) return [await againstBefore(dir, before)];
    return [...(await throughput(dir)), await memory(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
