import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getFixture } from '../../src/message/fixtures.js';
import { listenOnLoopback, watchConnections } from '../support/loopback.js';
import { debianPackage, needing } from '../support/requirement.js';
import { cliPath, runCli } from './runCli.js';

const run = (args: string[]) => runCli(['send', ...args]);

interface Seen {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

async function receiver(status: number) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      });
      res.statusCode = status;
      res.end();
    });
  });
  const port = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}/ocs`, seen };
}

describe('cpn-kit send (child process)', () => {
  it('sends --count distinct notifications from a fixture with custom headers, and summarises', async () => {
    const r = await receiver(200);
    const result = await run([
      '--uri',
      r.url,
      '--count',
      '20',
      '--pool-size',
      '4',
      '--fixture',
      'voice',
      '--header',
      'X-Tenant: acme',
      '--header',
      'Authorization: Bearer t',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^sent 20 notification\(s\) to http:\/\/127\.0\.0\.1:\d+\/ocs: 20 delivered, 0 failed, 20 attempt\(s\)$/m,
    );
    expect(result.stdout).toMatch(/^final statuses: 200: 20$/m);
    expect(result.stdout).toMatch(/^latency p50 [\d.]+ ms, p99 [\d.]+ ms; \d+ notifications\/s/m);
    expect(r.seen).toHaveLength(20);
    expect(new Set(r.seen.map((s) => s.body.GSW_MESSAGE_GUID)).size).toBe(20);
    const {
      GSW_MESSAGE_GUID: _g,
      GSW_TIMESTAMP: _t,
      ...voice
    } = getFixture('voice').message as Record<string, unknown>;
    for (const s of r.seen) {
      expect(s.headers).toMatchObject({
        'x-tenant': 'acme',
        authorization: 'Bearer t',
        etag: s.body.GSW_MESSAGE_GUID,
        'user-agent': 'OCS/8.1.528.15',
      });
      expect(s.body).toMatchObject(voice);
      expect(s.body.GSW_TIMESTAMP).toMatch(/^\d{10}\.\d{3}$/);
    }
  });

  it(
    'keeps to --pool-size connections while more notifications wait, and a wait in the queue ' +
      'does not count against --response-timeout',
    async () => {
      const server = createServer((req, res) => {
        req.resume();
        // Each answer takes 0.3 s; a notification queued behind another waits that long for its connection.
        req.on('end', () => setTimeout(() => res.end(), 300));
      });
      const stats = watchConnections(server);
      const port = await listenOnLoopback(server);
      const result = await run([
        '--uri',
        `http://127.0.0.1:${port}/ocs`,
        '--count',
        '6',
        '--pool-size',
        '2',
        '--response-timeout',
        '0.5',
        '--format',
        'json',
      ]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ delivered: 6, attempts: 6 });
      expect([stats.maxOpen, stats.opened, stats.maxInFlight]).toEqual([2, 2, 2]);
    },
  );

  it(
    'exits 1 when notifications fail, with retries counted and reasons shown; --format json is ' +
      'machine-readable',
    async () => {
      const r = await receiver(500);
      const result = await run([
        '--uri',
        r.url,
        '--count',
        '3',
        '--retry-max-attempts',
        '1',
        '--format',
        'json',
      ]);
      expect(result.code).toBe(1);
      const summary = JSON.parse(result.stdout) as {
        delivered: number;
        failed: number;
        attempts: number;
        statusCounts: Record<string, number>;
        failures: { reason: string }[];
      };
      expect(summary).toMatchObject({
        delivered: 0,
        failed: 3,
        attempts: 6,
        statusCounts: { 500: 3 },
      });
      expect(summary.failures[0]!.reason).toBe('HTTP 500 (gave up after 2 attempts)');
      expect(r.seen).toHaveLength(6);
    },
  );

  it('sends each message of a --file in turn, and refuses an invalid one naming the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-send-'));
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify([getFixture('sms').message, getFixture('email').message]));
    const r = await receiver(204);
    const ok = await run(['--uri', r.url, '--count', '4', '--file', good]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(r.seen.map((s) => s.body.GSW_CONTACT_MEDIA_TYPE)).toEqual([
      'sms',
      'email',
      'sms',
      'email',
    ]);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ ...getFixture('sms').message, GSW_CHAIN_ID: '12' }));
    const refused = await run(['--uri', r.url, '--file', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /--file: .*bad\.json is not a valid notification: GSW_CHAIN_ID: expected an integer/,
    );
    expect(r.seen).toHaveLength(4);
  });

  it('reports a proxy that is down without printing its credentials', async () => {
    const r = await receiver(200);
    const result = await run([
      '--uri',
      r.url,
      '--proxy',
      'http://ocs:Pa55word@127.0.0.1:9',
      '--response-timeout',
      '1',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/failed .*: connection failed/);
    expect(result.stdout + result.stderr).not.toContain('Pa55word');
    expect(r.seen).toEqual([]);
  });

  it.each([
    [['--count', 'many'], /--count: expected an integer 0 or more, found "many"/],
    [['--pool-size', '0'], /--pool-size: expected an integer 1 or more, found "0"/],
    [
      ['--response-timeout', '-1'],
      /--response-timeout: expected a number of seconds greater than 0/,
    ],
    [
      ['--header', 'NoColonHere'],
      /--header \(http-custom-headers\): expected "Name: value", found "NoColonHere"/,
    ],
    [
      ['--header', 'ETag: x'],
      /--header \(http-custom-headers\): expected a header the sender does not set itself .*, found header ETag/,
    ],
    [['--fixture', 'nope'], /--fixture: expected one of mandatory-only, full, voice/],
    [['--file', '/nonexistent/x.json'], /--file: cannot read \/nonexistent\/x\.json: no such file/],
    [
      ['--retry-applies-to', '5xx,always'],
      /--retry-applies-to: expected a comma-separated list of connection-failure, timeout, 3xx, 4xx, 5xx/,
    ],
    [
      ['--proxy', 'socks://u:secretpw@h:1'],
      /proxy \(http-proxy\): expected http:\/\/\[user:pass@\]host:port, found "socks:\/\/\*\*\*@h:1"/,
    ],
  ])('exits 2 on %j', async (args, message) => {
    const result = await run(['--uri', 'http://127.0.0.1:9/x', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('secretpw');
  });

  it('exits 2 on a bad --uri', async () => {
    const result = await run(['--uri', 'ftp://example.com/']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--uri \(contact-processed-notification-uri\): expected an absolute http:\/\/ or https:\/\/ URL/,
    );
  });
});

describe('cpn-kit send progress bar', () => {
  // `script` (util-linux) gives the command a pseudo-terminal, as a user's shell would.
  const hasScript = spawnSync('script', ['--version']).status === 0;

  needing(debianPackage('bsdutils (for script)', hasScript)).it(
    'draws a bar to the end on a terminal, and none when its output is piped',
    async () => {
      const { url } = await receiver(200);
      // Spawned, not spawnSync: the receiver runs in this process and must keep answering.
      const onTty = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const child = spawn(
          'script',
          [
            '-qec',
            `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} send --uri ${url} --count 300`,
            '/dev/null',
          ],
          { stdio: ['ignore', 'pipe', 'ignore'] },
        );
        let stdout = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.on('exit', (status) => resolve({ status, stdout }));
      });
      expect(onTty.status).toBe(0);
      const frames = onTty.stdout
        .split(/\r|\x1b\[1G/)
        .filter((frame) => frame.startsWith('sending ['));
      expect(frames.length).toBeGreaterThan(1);
      expect(frames.at(-1)).toMatch(/^sending \[█+\] 300\/300 100%/);
      expect(onTty.stdout).toMatch(/300 delivered, 0 failed/);
      const piped = await run(['--uri', url, '--count', '300']);
      expect(piped.code).toBe(0);
      expect(piped.stderr + piped.stdout).not.toMatch(/sending \[/);
    },
  );
});
