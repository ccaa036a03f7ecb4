import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceiver } from '../../src/receiver/createReceiver.js';
import type { Report } from '../../src/report/Report.js';
import { readOcsOptionsFile } from '../../src/sender/readOcsOptionsFile.js';
import { background } from './backgroundCli.js';
import { cliPath, runCli } from './runCli.js';

let dir: string;
/** A CRM that wants the tenant's token, and notes the headers of what it gets. */
let crm: { server: Server; url: string; seen: IncomingHttpHeaders[] };

/** Writes an options file as an operator copies it from the configuration tool. */
async function optionsFile(name: string, lines: readonly string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpn-kit-ocs-options-'));
  const reference = createReceiver();
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.headers['x-tenant-key'] !== 't-123') {
      req.resume();
      res.writeHead(401).end();
      return;
    }
    reference.handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  crm = { server, seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/in` };
});

afterAll(async () => {
  crm?.server.closeAllConnections();
  await new Promise((resolve) => crm?.server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('readOcsOptionsFile', () => {
  it('reads the [OCServer] section as copied (comments, spaces, other sections skipped) and JSON', async () => {
    const file = await optionsFile('section.cfg', [
      '[OCServer]',
      '# to the CRM',
      'contact-processed-notification-uri = http://crm.example/ocs',
      'http-response-timeout=2.5',
      '; retries',
      'http-retry-applies-to = timeout, 5xx',
      'http-custom-headers = X-Tenant-Key: t-123',
      '[log]',
      'verbose = all',
    ]);
    const read = await readOcsOptionsFile(file);
    expect(read['http-response-timeout']).toEqual({ text: '2.5', value: 2.5, at: `${file}:4` });
    expect(read['http-retry-applies-to']?.value).toEqual(['timeout', '5xx']);
    expect(read['http-custom-headers']?.at).toBe(`${file}:7`);
    const json = join(dir, 'options.json');
    await writeFile(
      json,
      '{\n  "http-retry-max-attempts": 2,\n  "http-connection-pool-size": "4"\n}\n',
    );
    const fromJson = await readOcsOptionsFile(json);
    expect(fromJson['http-retry-max-attempts']).toEqual({ text: '2', value: 2, at: `${json}:2` });
    expect(fromJson['http-connection-pool-size']?.value).toBe(4);
  });

  it('names every problem at once, in the order of the file, each with its line', async () => {
    const file = await optionsFile('bad.cfg', [
      '[OCServer]',
      'http-retry-max-attempt = 3',
      'http-response-timeout = soon',
      'this is not an option',
      'http-connection-pool-size = 0',
      'http-response-timeout = 5',
      'contact-processed-notification-uri = ftp://crm.example/',
    ]);
    const error = await readOcsOptionsFile(file).then(
      () => new Error('read without an error'),
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ code: 'CPN_OPTION' });
    expect(error.message.split('\n').slice(1)).toEqual([
      `  ${file}:2: http-retry-max-attempt: expected http-retry-max-attempts ` +
        '(a notification option of OCServer), found an unknown option',
      `  ${file}:3: http-response-timeout: expected a number of seconds greater than 0, e.g. 10, found "soon"`,
      `  ${file}:4: expected an option as \`name = value\`, found "this is not an option"`,
      `  ${file}:5: http-connection-pool-size: expected an integer 1 or more, found "0"`,
      `  ${file}:6: http-response-timeout: expected each option once, found it again (first at ${file}:3)`,
      expect.stringMatching(
        new RegExp(`^  ${file}:7: contact-processed-notification-uri: expected `),
      ),
    ]);
  });
});

describe('--ocs-options on the four commands', () => {
  it('send: URI, token and timeout from the file; a flag wins; stderr says where each came from', async () => {
    const file = await optionsFile('send.cfg', [
      '[OCServer]',
      `contact-processed-notification-uri = ${crm.url}`,
      'http-custom-headers = X-Tenant-Key: t-123',
      'http-response-timeout = 3',
      'http-retry-max-attempts = 0',
    ]);
    const run = await runCli([
      'send',
      '--ocs-options',
      file,
      '--retry-max-attempts',
      '1',
      '--quiet',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1 delivered, 0 failed');
    expect(crm.seen.at(-1)?.['x-tenant-key']).toBe('t-123');
    expect(run.stderr).toContain(`contact-processed-notification-uri = ${crm.url} (${file}:2)`);
    expect(run.stderr).toContain(`http-custom-headers = x-tenant-key (${file}:3)`);
    expect(run.stderr).toContain(
      `http-retry-max-attempts = 1 (--retry-max-attempts, over ${file}:5)`,
    );
    expect(run.stderr).toContain('http-connection-pool-size = 1 (default)');
    expect(run.stderr).not.toContain('t-123');
    const none = await runCli(['send', '--quiet']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--uri: expected where to POST .* or --ocs-options/);
  });

  it('check-receiver: sends the configured custom headers with every request; the report lists settings', async () => {
    const file = await optionsFile('receiver.cfg', [
      '[OCServer]',
      'http-custom-headers = X-Tenant-Key: t-123',
      'http-response-timeout = 4',
      'http-connection-pool-size = 2',
    ]);
    const json = join(dir, 'receiver.json');
    const run = await runCli(['check-receiver', crm.url, '--ocs-options', file, '--json', json]);
    expect(run.code, run.stdout).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8')) as Report;
    expect(report.settings).toEqual(
      expect.arrayContaining([
        { option: 'http-custom-headers', value: 'x-tenant-key', from: `${file}:2`, origin: 'file' },
        { option: 'http-response-timeout', value: '4 s', from: `${file}:3`, origin: 'file' },
        // The pool size is the ceiling of the connections the check opens at once.
        { option: 'http-connection-pool-size', value: '2', from: `${file}:4`, origin: 'file' },
      ]),
    );
    expect(run.stdout).toContain(`setting http-response-timeout = 4 s (${file}:3)`);
    expect(await readFile(json, 'utf8')).not.toContain('t-123');
    const without = await runCli(['check-receiver', crm.url]);
    expect(without.code).toBe(1);
  });

  it('check-sender: judges the sender against the retries and timeout of the file', async () => {
    const file = await optionsFile('sender.cfg', [
      'http-retry-max-attempts = 1',
      'http-response-timeout = 1',
    ]);
    const json = join(dir, 'sender.json');
    const sender =
      `"${process.execPath}" "${cliPath}" send --uri "$CPN_URL" --quiet ` +
      '--retry-max-attempts "$CPN_RETRY_MAX_ATTEMPTS" --response-timeout "$CPN_RESPONSE_TIMEOUT"';
    const run = await runCli([
      'check-sender',
      '--ocs-options',
      file,
      '--scenario',
      'ok-200,error-500-then-200',
      '--exec',
      sender,
      '--json',
      json,
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8')) as Report;
    expect(report.settings).toEqual(
      expect.arrayContaining([
        { option: 'http-retry-max-attempts', value: '1', from: `${file}:1`, origin: 'file' },
        { option: 'http-response-timeout', value: '1 s', from: `${file}:2`, origin: 'file' },
      ]),
    );
  });

  it('proxy: a sender with more connections than the configured pool is drift, naming the file and line', async () => {
    const file = await optionsFile('proxy.cfg', ['[OCServer]', 'http-connection-pool-size = 1']);
    const json = join(dir, 'proxy.json');
    const proxy = background([
      'proxy',
      '--target',
      crm.url,
      '--listen',
      '127.0.0.1:0',
      // Stopped once the send is over: a fixed duration can end before a busy runner has started
      // the send's own process.
      '--duration',
      '60',
      '--ocs-options',
      file,
      '--json',
      json,
    ]);
    const url = (await proxy.printed(/listening on (\S+),/))[1]!;
    const sent = await runCli([
      'send',
      '--uri',
      url,
      '--count',
      '6',
      '--pool-size',
      '3',
      '--quiet',
      '--header',
      'X-Tenant-Key: t-123',
    ]);
    expect(sent.stdout).toContain('6 delivered');
    proxy.stop();
    expect(await proxy.exited).toBe(1);
    const report = JSON.parse(await readFile(json, 'utf8')) as Report;
    const pool = report.findings.find((finding) => finding.id === 'sender-pool');
    expect(pool?.status).toBe('fail');
    expect(pool?.summary).toMatch(/^drift: \d connections open at once/);
    expect(pool?.details?.at(-1)).toBe(
      `the sender does not do what the operator's options say: http-connection-pool-size = 1 (${file}:2)`,
    );
  });

  it('each command refuses a bad file before it starts: exit 2, every problem with its line', async () => {
    const file = await optionsFile('typo.cfg', [
      'http-response-timout = 5',
      'http-retry-max-attempts = -1',
    ]);
    const commands = [
      ['send', '--uri', crm.url],
      ['check-receiver', crm.url],
      ['check-sender', '--duration', '1'],
      ['proxy', '--target', crm.url, '--listen', '127.0.0.1:0', '--duration', '1'],
    ];
    for (const command of commands) {
      const run = await runCli([...command, '--ocs-options', file]);
      expect(run.code, command[0]).toBe(2);
      expect(run.stderr).toContain(
        `${file}:1: http-response-timout: expected http-response-timeout`,
      );
      expect(run.stderr).toContain(
        `${file}:2: http-retry-max-attempts: expected an integer 0 or more`,
      );
    }
    const missing = await runCli(['send', '--ocs-options', join(dir, 'nowhere.cfg')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--ocs-options: expected a readable options file');
  });
});
