/**
 * The hostile-input probes about what the kit prints and writes, run as a user runs the commands
 * (child processes, loopback only, each bounded in time): a sender's credentials, a target that
 * echoes them back, credentials in URLs, and terminal escapes in a GUID. The secret value
 * `SECRET123` must appear in no console line, no report file, no recording and no answer of the
 * kit's own; a control character from the wire never reaches a terminal raw.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import type { RecordedExchange } from '../../src/record/RecordedExchange.js';
import { freeLoopbackPort, listenOnLoopback } from '../support/loopback.js';
import { background } from './backgroundCli.js';
import { runCli } from './runCli.js';

const SECRET = 'SECRET123';
/** One secret per way a header is known to be secret: by its name, by a name given, by a pattern. */
const SENT = {
  authorization: `Bearer ${SECRET}-auth`,
  cookie: `sid=${SECRET}-cookie; theme=dark`,
  'x-tenant': `${SECRET}-tenant`,
  'x-api-key': `${SECRET}-apikey`,
};
const headerFlags = Object.entries(SENT).flatMap(([name, value]) => [
  '--header',
  `${name}: ${value}`,
]);
/** A mask as the reports write it: `***` and the value's fingerprint. */
const MASK = /\*\*\* \([0-9a-f]{8}\)/;

/** A CRM that refuses every token and quotes it back, in a header, a cookie and its body. */
function echoingTarget(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => {
    const seen = {
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
      tenant: req.headers['x-tenant'],
      key: req.headers['x-api-key'],
    };
    res.writeHead(401, {
      'content-type': 'application/json',
      'www-authenticate': `Bearer error="invalid_token", token="${String(seen.authorization)}"`,
      'set-cookie': `session=${SECRET}-set-cookie; Path=/; HttpOnly`,
    });
    res.end(JSON.stringify({ error: 'who are you?', seen }));
  });
}

/** POSTs a body to `url` with node:http (no kit code on this side); resolves with the answer's text. */
function post(url: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(`${res.statusCode} ${JSON.stringify(res.headers)} ${text}`));
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error('no answer in 5 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Every file of a folder, by name. */
async function filesIn(dir: string): Promise<Record<string, string>> {
  const names = await readdir(dir);
  const texts = await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')));
  return Object.fromEntries(names.map((name, i) => [name, texts[i]!]));
}

const recorded = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RecordedExchange);

/** Asserts that no text holds the secret, naming the one that does. */
function expectNoSecret(texts: Record<string, string>): void {
  for (const [where, text] of Object.entries(texts)) {
    const at = text.indexOf(SECRET);
    expect(at < 0 ? '' : `${where}: …${text.slice(Math.max(0, at - 80), at + 40)}…`).toBe('');
  }
}

describe('no secret and no raw control character in any output (child processes, loopback)', () => {
  let dir: string;
  let targetUrl: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpn-kit-hostile-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const startTarget = async () => {
    const port = await listenOnLoopback(createServer(echoingTarget));
    targetUrl = `http://127.0.0.1:${port}/crm?api_key=${SECRET}-query`;
  };

  /** Three live lines of judged notifications. */
  const THREE_JUDGED =
    /^(?:PASS|FAIL|OPEN|SKIP) [^]*?^(?:PASS|FAIL|OPEN|SKIP) [^]*?^(?:PASS|FAIL|OPEN|SKIP) /m;

  const proxyRun = async (name: string, extra: readonly string[]) => {
    await startTarget();
    const out = join(dir, name);
    const proxy = background([
      'proxy',
      ...['--target', targetUrl, '--listen', '127.0.0.1:0', '--duration', '60'],
      ...['--response-timeout', '1', '--retry-window', '1', '--redact-header', 'X-Tenant'],
      ...['--record', join(out, 'run.ndjson'), '--json', join(out, 'run.json')],
      ...['--junit', join(out, 'run.xml'), '--html', join(out, 'run.html'), ...extra],
    ]);
    const url = (await proxy.printed(/listening on (\S+),/))[1]!;
    const sent = await runCli(['send', '--uri', url, '--count', '2', '--quiet', ...headerFlags], {
      timeoutMs: 15_000,
    });
    const answer = await post(url, JSON.stringify(freshContactProcessed()), {
      authorization: SENT.authorization,
    });
    // Stopped once all three are judged (the refused one after its 1 s retry window): a fixed
    // duration can end before a busy runner has started the send's own process.
    await proxy.printed(THREE_JUDGED);
    proxy.stop();
    expect(await proxy.exited).toBe(1);
    return { proxy, sent, answer, files: await filesIn(out) };
  };

  it("proxy: credentials, cookies, named and credential-like headers, the target's query secret, echoes", async () => {
    const { proxy, sent, answer, files } = await proxyRun('masked', []);
    // The target's own answer passes unchanged: that echo is the target's, not the kit's.
    expect(answer).toMatch(/^401 /);
    expectNoSecret({
      'proxy stdout': proxy.stdout(),
      'proxy stderr': proxy.stderr(),
      'send stdout': sent.stdout,
      'send stderr': sent.stderr,
      ...files,
    });
    const lines = recorded(files['run.ndjson']!);
    expect(lines).toHaveLength(3);
    const headers = lines[0]!.request.headers;
    expect(headers.authorization).toMatch(new RegExp(`^Bearer ${MASK.source}$`));
    expect(headers.cookie).toMatch(MASK);
    expect(headers['x-tenant']).toMatch(new RegExp(`^${MASK.source}$`));
    expect(headers['x-api-key']).toMatch(new RegExp(`^${MASK.source}$`));
    // The same token has the same fingerprint on every line: two values can be told apart.
    expect(lines.map((l) => l.request.headers.authorization)).toEqual(
      lines.map(() => headers.authorization),
    );
    expect(proxy.stderr()).toMatch(/forwarding to http:\/\/127\.0\.0\.1:\d+\/crm\?api_key=\*\*\* /);
  });

  it('proxy --record-secrets: the recording keeps the real values; reports and console still mask them', async () => {
    const { proxy, files } = await proxyRun('kept', ['--record-secrets']);
    const { 'run.ndjson': recording, ...reports } = files;
    expect(recorded(recording!)[0]!.request.headers.authorization).toBe(SENT.authorization);
    expectNoSecret({ 'proxy stdout': proxy.stdout(), 'proxy stderr': proxy.stderr(), ...reports });
  });

  it('proxy: its own 502 names the target without the secret in its query', async () => {
    const port = await freeLoopbackPort();
    const proxy = background([
      'proxy',
      ...['--target', `http://127.0.0.1:${port}/crm?token=${SECRET}`, '--listen', '127.0.0.1:0'],
      ...['--duration', '2', '--json', join(dir, 'down.json')],
    ]);
    const url = (await proxy.printed(/listening on (\S+),/))[1]!;
    const answer = await post(url, JSON.stringify(freshContactProcessed()));
    expect(answer).toMatch(/^502 .*ECONNREFUSED/);
    expect(await proxy.exited).toBe(1);
    expectNoSecret({
      answer,
      output: proxy.output(),
      report: await readFile(join(dir, 'down.json'), 'utf8'),
    });
  });

  it('proxy and check-receiver refuse a URL with user:password@ (exit 2), without printing the password', async () => {
    const limit = { timeoutMs: 10_000 };
    const proxy = await runCli(['proxy', '--target', `http://ocs:${SECRET}@127.0.0.1:9/`], limit);
    expect(proxy.code).toBe(2);
    expect(proxy.stderr).toMatch(/--target: .*without credentials/);
    const check = await runCli(['check-receiver', `http://crm:${SECRET}@127.0.0.1:9/n`], limit);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/URL: .*without credentials/);
    expectNoSecret({
      'proxy stdout': proxy.stdout,
      'proxy stderr': proxy.stderr,
      'check stdout': check.stdout,
      'check stderr': check.stderr,
    });
  });

  it("receive --record: the sender's credentials are masked in the recording; nothing echoes them", async () => {
    const record = join(dir, 'received.ndjson');
    const receiver = background([
      'receive',
      '--port',
      '0',
      '--record',
      record,
      '--redact-header',
      'x-tenant',
    ]);
    const url = (await receiver.printed(/listening on (\S+)/))[1]!;
    const sent = await runCli(['send', '--uri', url, '--count', '2', '--quiet', ...headerFlags]);
    const answer = await post(url, JSON.stringify(freshContactProcessed()), SENT);
    receiver.stop();
    expect(await receiver.exited).toBe(0);
    const recording = await readFile(record, 'utf8');
    expect(recorded(recording).map((l) => l.request.headers.authorization)).toEqual([
      expect.stringMatching(MASK),
      expect.stringMatching(MASK),
      expect.stringMatching(MASK),
    ]);
    expectNoSecret({
      recording,
      answer,
      output: receiver.output(),
      sent: sent.stdout + sent.stderr,
    });
  });

  it('check-receiver: a token the receiver echoes is masked in stdout, JSON, JUnit and HTML', async () => {
    await startTarget();
    const out = join(dir, 'check');
    const check = await runCli(
      [
        'check-receiver',
        targetUrl.replace(/\?.*/, ''),
        ...['--header', `Authorization: ${SENT.authorization}`, '--response-timeout', '2'],
        ...[
          '--json',
          join(out, 'r.json'),
          '--junit',
          join(out, 'r.xml'),
          '--html',
          join(out, 'r.html'),
        ],
      ],
      { timeoutMs: 30_000 },
    );
    expect(check.code, check.stderr).toBe(1);
    const files = await filesIn(out);
    expect(files['r.json']).toMatch(/token=\\"Bearer \*\*\* \([0-9a-f]{8}\)\\"/);
    expectNoSecret({ stdout: check.stdout, stderr: check.stderr, ...files });
  });

  it('proxy: a GUID carrying terminal escapes is printed escaped on the live line', async () => {
    await startTarget();
    const proxy = background([
      'proxy',
      ...['--target', targetUrl, '--listen', '127.0.0.1:0', '--duration', '2'],
      ...['--response-timeout', '1', '--retry-window', '1'],
    ]);
    const url = (await proxy.printed(/listening on (\S+),/))[1]!;
    const guid = '\u001b[1A\u001b[2K\rPASS 0f\u001b]2;pwned\u0007\u009b2J\u202e';
    await post(url, JSON.stringify({ ...freshContactProcessed(), GSW_MESSAGE_GUID: guid }), {
      etag: 'x',
    });
    expect(await proxy.exited).toBe(1);
    expect(proxy.output()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(proxy.stdout()).toContain(
      'FAIL \\x1b[1A\\x1b[2K\\rPASS 0f\\x1b]2;pwned\\x07\\x9b2J\\u202e: ',
    );
  });
});
