import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../../src/message/fixtures.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Starts `cpn-kit receive` and resolves with its URL once it prints `listening on`. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [cli, 'receive', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (\S+)/.exec(stdout);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

describe('cpn-kit receive (child process)', () => {
  it('prints its URL, accepts notifications into the NDJSON log, deduplicates, and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-receive-'));
    const log = join(dir, 'accepted.ndjson');
    const run = startCli(['--port', '0', '--path', '/notifications', '--log', log]);
    const url = await run.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/notifications$/);
    const send = (body: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await send(JSON.stringify(fixtures.full.message))).status).toBe(200);
    expect((await send(JSON.stringify(fixtures.full.message))).status).toBe(200);
    expect((await send(JSON.stringify(fixtures.sms.message))).status).toBe(200);
    expect((await send('{"GSW_MESSAGE":"ContactProcessed"}')).status).toBe(400);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain(
      'stopped on SIGTERM: 2 accepted, 1 duplicate(s), 1 rejected',
    );
    const lines = (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.guid)).toEqual([
      fixtures.full.message.GSW_MESSAGE_GUID,
      fixtures.sms.message.GSW_MESSAGE_GUID,
    ]);
    expect(lines[0].message).toEqual(fixtures.full.message);
  });

  it('--log takes a valid notification with a 5 000-deep unknown GSW_ field (200, logged as sent)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-receive-deep-'));
    const log = join(dir, 'accepted.ndjson');
    const run = startCli(['--port', '0', '--log', log]);
    const url = await run.url;
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const body = `{"GSW_DEEP":${deep},${JSON.stringify(fixtures.full.message, null, 2).slice(1)}`;
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`"message":{"GSW_DEEP":${deep},`);
    expect(lines[0]).toMatch(/"guid":"[0-9a-f-]{36}"/);
  });

  it('stops on SIGINT too', async () => {
    const run = startCli(['--port', '0']);
    await run.url;
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('exits 2 naming the option for a bad port, path or body limit', async () => {
    for (const [args, message] of [
      [['--port', 'eighty'], '--port: expected a port number'],
      [['--port', '70000'], '--port: expected a port number'],
      [['--path', 'notifications'], '--path: expected a path starting with /'],
      [['--body-limit', '-5'], '--body-limit: expected a positive number of bytes'],
    ] as const) {
      const run = startCli([...args]);
      run.url.catch(() => undefined);
      expect(await run.exited, args.join(' ')).toBe(2);
      expect(run.output().stderr).toContain(message);
    }
  });

  it('exits 2 before listening for a bad --dedupe, never printing its credentials', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-receive-dedupe-'));
    const notPem = join(dir, 'ca.pem');
    await writeFile(notPem, 'not a certificate');
    for (const [args, message] of [
      [['--dedupe', 'http://user:hidden-pass@host/'], '--dedupe: expected a redis:// or rediss://'],
      [['--dedupe-prefix', 'crm:'], '--dedupe-prefix needs --dedupe <url>'],
      [
        ['--dedupe', 'redis://:hidden-pass@127.0.0.1:6379', '--dedupe-ca', notPem],
        '--dedupe-ca: only for a TLS store, --dedupe rediss://',
      ],
      [['--dedupe', 'rediss://127.0.0.1:6379', '--dedupe-ca', notPem], '--dedupe-ca'],
    ] as const) {
      const run = startCli(['--port', '0', ...args]);
      run.url.catch(() => undefined);
      expect(await run.exited, args.join(' ')).toBe(2);
      expect(run.output().stderr).toContain(message);
      expect(run.output().stderr).not.toContain('hidden-pass');
      expect(run.output().stdout).not.toContain('listening on');
    }
  });

  it('exits 2 naming the address when the --dedupe Redis cannot be reached', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve)); // nothing listens there now
    const run = startCli(['--port', '0', '--dedupe', `redis://:hidden-pass@127.0.0.1:${port}/2`]);
    run.url.catch(() => undefined);
    expect(await run.exited).toBe(2);
    const { stdout, stderr } = run.output();
    expect(stderr).toContain(`cannot reach the dedupe store at redis://127.0.0.1:${port}/2: `);
    expect(stderr).toContain('ECONNREFUSED');
    expect(stderr + stdout).not.toContain('hidden-pass');
    expect(stdout).not.toContain('listening on');
  });

  it('exits 2 when the port is taken', async () => {
    const first = startCli(['--port', '0']);
    const port = new URL(await first.url).port;
    const second = startCli(['--port', port]);
    second.url.catch(() => undefined);
    expect(await second.exited).toBe(2);
    expect(second.output().stderr).toContain(`--port: port ${port} on 127.0.0.1 is already in use`);
    first.child.kill('SIGTERM');
    await first.exited;
  });
});
