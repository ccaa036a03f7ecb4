/**
 * The proxy as a server in someone's staging network, probed as a security reviewer would (loopback
 * only, each probe bounded in size and time): the proxy runs as the CLI does, in its own process, and
 * after every probe it still forwards a valid notification, its memory stays under a ceiling, and
 * every request it read is in its recording.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshContactProcessed } from '../../../src/message/freshContactProcessed.js';
import { startReceiver, type RunningReceiver } from '../../../src/receiver/startReceiver.js';
import type { RecordedExchange } from '../../../src/record/RecordedExchange.js';
import { cliPath } from '../../cli/runCli.js';

/** The most the proxy's process may hold, in MB, whatever it is sent. */
const RSS_CEILING_MB = 250;
const BODY_LIMIT = 256 * 1024;
const BIG_ANSWER = 48 * 1024 * 1024;

let dir: string;
let crm: RunningReceiver;
let odd: { server: Server; url: string };
let proxy: { child: ChildProcess; url: string; output: () => string };
const bigAnswerHash = createHash('sha256').update(Buffer.alloc(BIG_ANSWER, 'a')).digest('hex');

/** A target for the odd cases: a huge answer, a dribbled one, a 500, and the path and query it was asked. */
async function startOddTarget(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/t/big')) {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BIG_ANSWER });
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        for (let i = 0; i < BIG_ANSWER / chunk.byteLength; i++) res.write(chunk);
        res.end();
      } else if (req.url?.startsWith('/t/dribble')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 200);
        res.on('close', () => clearInterval(timer));
      } else if (req.url?.startsWith('/t/error')) {
        res.writeHead(500).end('{"error":"no"}');
      } else res.writeHead(200, { 'content-type': 'text/plain' }).end(req.url);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}/t?token=kept` };
}

function startProxyCli(target: string, name: string, extra: string[] = []): Promise<typeof proxy> {
  const child = spawn(
    process.execPath,
    [
      cliPath,
      'proxy',
      '--target',
      target,
      '--listen',
      '127.0.0.1:0',
      '--response-timeout',
      '0.5',
      '--record',
      join(dir, `${name}.ndjson`),
      '--json',
      join(dir, `${name}.json`),
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /listening on (\S+),/.exec(output)?.[1];
      if (url !== undefined) {
        clearInterval(timer);
        resolve({ child, url, output: () => output });
      }
      if (child.exitCode !== null) reject(new Error(`exited ${child.exitCode}: ${output}`));
    }, 20);
  });
}

/** Signals a proxy and waits until it has exited, so its last report writes are over. */
function stopProxy(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  return exited;
}

/** Sends raw bytes (in parts, `gapMs` apart) and resolves with what came back before the close or `ms`. */
function raw(
  url: string,
  parts: readonly (string | Buffer)[],
  ms = 5_000,
  gapMs = 0,
): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(text);
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
    void (async () => {
      for (const part of parts) {
        if (socket.destroyed) return;
        socket.write(part);
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
    })();
  });
}

const post = (path: string, body: string | Buffer, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: proxy\r\nConnection: close\r\nContent-Type: application/json\r\n` +
  `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n`;

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

async function rssMb(child: ChildProcess): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** After a probe: the proxy is up, forwards a valid notification, and stays under the ceiling. */
async function stillServes(): Promise<void> {
  expect(proxy.child.exitCode).toBeNull();
  const message = freshContactProcessed();
  const answer = await fetch(new URL('notifications', proxy.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', etag: message.GSW_MESSAGE_GUID },
    body: JSON.stringify(message),
  });
  expect(answer.status).toBe(200);
  expect(await rssMb(proxy.child)).toBeLessThan(RSS_CEILING_MB);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpn-kit-proxy-hostile-'));
  crm = await startReceiver({});
  odd = await startOddTarget();
  // One retry allowed: a failed attempt waits for its retry, filed by its content.
  proxy = await startProxyCli(odd.url, 'proxy', ['--retry-max-attempts', '1']);
});

afterAll(async () => {
  if (proxy !== undefined) await stopProxy(proxy.child, 'SIGKILL');
  await crm?.close();
  odd?.server.closeAllConnections();
  await new Promise((resolve) => odd?.server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('cpn-kit proxy under hostile input: it stays up, bounded, and records what it read', () => {
  it('5 000 nested arrays in a body (10 KB) while the target answers 500: relayed, no crash', async () => {
    const body = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(statusOf(await raw(proxy.url, [post('/error', body), body]))).toBe(500);
    const again = `{"GSW_MESSAGE_GUID":"x","deep":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(statusOf(await raw(proxy.url, [post('/error', again), again]))).toBe(500);
    await stillServes();
  });

  it('a body declared over --body-limit: 413 from the proxy at once, nothing forwarded', async () => {
    const answer = await raw(proxy.url, [
      post('/', '').replace('Content-Length: 0', 'Content-Length: 52428800'),
    ]);
    expect(statusOf(answer)).toBe(413);
    expect(answer).toContain(`${BODY_LIMIT}`);
    await stillServes();
  });

  it('six 20 MB bodies at once (chunked, no length): each 413, memory flat', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const head =
      'POST / HTTP/1.1\r\nHost: proxy\r\nConnection: close\r\n' +
      'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    const parts = [
      head,
      ...Array.from({ length: 20 }, () =>
        Buffer.concat([Buffer.from('100000\r\n'), chunk, Buffer.from('\r\n')]),
      ),
      '0\r\n\r\n',
    ];
    const answers = await Promise.all(Array.from({ length: 6 }, () => raw(proxy.url, parts)));
    expect(answers.map(statusOf)).toEqual(Array(6).fill(413));
    await stillServes();
  });

  it('an answer of 48 MB: relayed whole, buffered only in part, recorded as its size and hash', async () => {
    const answer = await fetch(new URL('big', proxy.url), {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const bytes = Buffer.from(await answer.arrayBuffer());
    expect(bytes.byteLength).toBe(BIG_ANSWER);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(bigAnswerHash);
    await stillServes();
    const lines = (await readFile(join(dir, 'proxy.ndjson'), 'utf8')).trim().split('\n');
    const big = lines
      .map((l) => JSON.parse(l) as RecordedExchange)
      .find((l) => l.request.path === '/big')!;
    expect(big.answer).toMatchObject({ status: 200, sha256: bigAnswerHash, size: BIG_ANSWER });
    expect(big.answer!.body).toBeUndefined();
  });

  it('a target that dribbles its answer is cut at 2 × timeout + 5 s: 504, recorded with why', async () => {
    const started = performance.now();
    const answer = await raw(proxy.url, [post('/dribble', '{}'), '{}'], 10_000);
    expect(statusOf(answer)).toBe(504);
    expect(performance.now() - started).toBeLessThan(7_000);
    await stillServes();
  });

  it('a path with .. segments is refused (400), never forwarded outside the target path', async () => {
    for (const path of ['/../../admin', '/a/%2e%2e/%2E%2E/admin'])
      expect(statusOf(await raw(proxy.url, [post(path, '{}'), '{}']))).toBe(400);
    await stillServes();
  });

  it("the target URL's query string is kept for a sub-path", async () => {
    const answer = await fetch(new URL('sub?x=1', proxy.url), { method: 'POST', body: '{}' });
    expect(await answer.text()).toBe('/t/sub?token=kept&x=1');
  });

  it('every request it read is in the recording', async () => {
    const lines = (await readFile(join(dir, 'proxy.ndjson'), 'utf8')).trim().split('\n');
    const paths = lines.map((l) => (JSON.parse(l) as RecordedExchange).request.path);
    expect(paths.filter((p) => p === '/error')).toHaveLength(2);
    expect(paths.filter((p) => p === '/')).toHaveLength(1 + 6);
    expect(paths.filter((p) => p === '/notifications').length).toBeGreaterThanOrEqual(6);
  });
});

describe('cpn-kit proxy: a sender that dribbles its request', () => {
  it('is answered 408 once the body timeout has passed, and the exchange is recorded with why', async () => {
    const body = JSON.stringify(freshContactProcessed());
    const slow = await startProxyCli(crm.url, 'slow', ['--body-timeout', '1']);
    try {
      const started = performance.now();
      const answer = await raw(
        slow.url,
        [post('/', body), ...body.slice(0, 40).split('')],
        6_000,
        200,
      );
      expect(statusOf(answer)).toBe(408);
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await stopProxy(slow.child, 'SIGTERM');
    }
  });
});
