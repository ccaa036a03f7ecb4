/**
 * `cpn-kit send --pool-size 10` against a bare loopback server, vs autocannon with 10 connections
 * POSTing the same body to the same server, in the same run. The server runs in its own process
 * and so does each client; the send rate is the CLI's own notifications/s (without process start).
 * Target: ≥ 0.6 of autocannon.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fixtures } from '../../src/message/fixtures.js';
import type { BenchFigure } from './Bench.js';
import { pinned } from './pinned.js';
import { sendRate } from './sendRate.js';

const autocannon = fileURLToPath(
  new URL('../../node_modules/autocannon/autocannon.js', import.meta.url),
);
const seconds = 4;

const serverSource = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end());
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(...pinned(1, ['-e', serverSource]), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return { child, port };
}

function autocannonRate(url: string, body: string, guid: string): number {
  const result = spawnSync(
    ...pinned(0, [
      autocannon,
      '-c',
      '10',
      '-d',
      String(seconds),
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-H',
      `etag=${guid}`,
      '-H',
      'user-agent=OCS/8.1.528.15',
      '-b',
      body,
      '-j',
      url,
    ]),
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (result.status !== 0) throw new Error(`autocannon failed: ${result.stderr}`);
  const json = JSON.parse(result.stdout) as {
    requests: { total: number };
    duration: number;
    non2xx: number;
    errors: number;
  };
  if (json.errors > 0 || json.non2xx > 0)
    throw new Error(`autocannon saw ${json.errors} errors and ${json.non2xx} non-2xx answers`);
  return json.requests.total / json.duration;
}

export default async function sendBench(): Promise<BenchFigure[]> {
  const { child, port } = await startServer();
  try {
    const url = `http://127.0.0.1:${port}/ocs`;
    const message = fixtures.full.message;
    const body = JSON.stringify(message);
    // Three alternating rounds; the best of each (the machine is shared and noisy).
    const baseline: number[] = [];
    const value: number[] = [];
    for (let round = 0; round < 3; round++) {
      const rate = autocannonRate(url, body, message.GSW_MESSAGE_GUID);
      baseline.push(rate);
      value.push(sendRate(url, Math.max(10_000, Math.round(rate * seconds * 0.7))));
    }
    return [
      {
        name: 'cpn-kit send --pool-size 10 (full fixture)',
        value: Math.max(...value),
        unit: 'req/s',
        baselineName: 'autocannon -c 10, same body',
        baselineValue: Math.max(...baseline),
        target: 0.6,
      },
    ];
  } finally {
    child.kill();
  }
}
