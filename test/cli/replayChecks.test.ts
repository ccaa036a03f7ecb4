/**
 * `cpn-kit replay` sends nothing it cannot vouch for: a recording with a body that does not match
 * its hash, broken base64, a field of the wrong type or a last line cut short is refused before the
 * first request (exit 2, file and line, never a JavaScript error); a body recorded with a secret
 * masked in it cannot be sent again; the recorded headers it does not send are named, values never.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import { toRecordedExchange, type RecordedExchange } from '../../src/record/RecordedExchange.js';
import { listenOnLoopback } from '../support/loopback.js';
import { runCli } from './runCli.js';

function recorded(headers: Record<string, string> = {}): RecordedExchange {
  const message = freshContactProcessed();
  return toRecordedExchange({
    receivedAt: new Date(),
    guid: message.GSW_MESSAGE_GUID,
    attempt: 1,
    request: {
      method: 'POST',
      path: '/',
      headers: { etag: message.GSW_MESSAGE_GUID, 'content-type': 'application/json', ...headers },
      body: Buffer.from(JSON.stringify(message)),
    },
    answer: { status: 200, headers: {}, body: Buffer.from('{}') },
    durationMs: 2,
  });
}

describe('cpn-kit replay checks the recording before it sends anything (child processes, loopback)', () => {
  let dir: string;
  let uri: string;
  let received = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpn-kit-replay-checks-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const replay = async (name: string, lines: readonly string[], extra: string[] = []) => {
    const port = await listenOnLoopback(
      createServer((req, res) => {
        received += 1;
        req.resume().on('end', () => res.writeHead(200).end('{}'));
      }),
    );
    uri = `http://127.0.0.1:${port}/`;
    received = 0;
    const file = join(dir, name);
    await writeFile(file, lines.join(''));
    return {
      file,
      run: await runCli(['replay', file, '--uri', uri, ...extra], { timeoutMs: 15_000 }),
    };
  };

  const good = () => `${JSON.stringify(recorded())}\n`;
  const refusedAt = async (name: string, bad: string, line: number, why: string) => {
    const { file, run } = await replay(name, [good(), good(), bad]);
    expect([run.code, received]).toEqual([2, 0]);
    expect(run.stderr).toContain(`cpn-kit: ${file} line ${line}: ${why}`);
    expect(run.stderr).not.toMatch(/TypeError|ERR_|at .*\.js/);
  };

  it('a body that does not match its sha256: refused, nothing sent', () => {
    const line = recorded();
    const body = line.request.body!.replace('ContactProcessed', 'ContactProcesseD');
    return refusedAt(
      'tampered.ndjson',
      `${JSON.stringify({ ...line, request: { ...line.request, body } })}\n`,
      3,
      'request.body: does not match its sha256',
    );
  });

  it('base64 that is not (745 bytes sent for 742 before): refused, nothing sent', () => {
    const line = recorded();
    const { body, ...rest } = line.request;
    const bodyBase64 = `${Buffer.from(body!).toString('base64').slice(0, -4)}@@@@`;
    return refusedAt(
      'base64.ndjson',
      `${JSON.stringify({ ...line, request: { ...rest, bodyBase64 } })}\n`,
      3,
      'request.bodyBase64: expected base64',
    );
  });

  it('a bodyBase64 array, a guid of the wrong type: the same file-and-line message', async () => {
    const line = recorded();
    await refusedAt(
      'array.ndjson',
      `${JSON.stringify({ ...line, request: { ...line.request, body: undefined, bodyBase64: ['e30='] } })}\n`,
      3,
      'request.bodyBase64: expected base64',
    );
    await refusedAt(
      'guid.ndjson',
      `${JSON.stringify({ ...line, guid: 42 })}\n`,
      3,
      'guid: expected a string or null, found the number 42',
    );
  });

  it('a line quoted in the refusal is printed terminal-safe', async () => {
    const { run } = await replay('escapes.ndjson', [good(), 'x\u001b]2;pwned\u0007\n', good()]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(run.stderr).toContain('line 2: not JSON (Unexpected token \'x\', "x\\x1b]2;pwned\\x07"');
  });

  it('a last line cut short is named as cut short', () =>
    refusedAt(
      'cut.ndjson',
      good().slice(0, 200),
      3,
      'cut short (the file ends in the middle of this line',
    ));

  it('a request recorded with a secret masked in its body cannot be sent again', () => {
    const line = recorded();
    const masked = { ...line, request: { ...line.request, bodyMasked: true } };
    return refusedAt(
      'masked.ndjson',
      `${JSON.stringify(masked)}\n`,
      3,
      'the request body was recorded with a secret masked in it',
    );
  });

  it('names the recorded headers it does not send, never their values; --header ones are sent', async () => {
    const line = `${JSON.stringify(recorded({ authorization: 'Bearer *** (0a1b2c3d)', 'x-tenant': 'acme' }))}\n`;
    const { run } = await replay('headers.ndjson', [line], []);
    expect([run.code, received]).toEqual([0, 1]);
    expect(run.stderr).toContain(
      'cpn-kit replay: the recorded requests also carried authorization, x-tenant; replay sends no recorded header',
    );
    expect(run.stderr).not.toContain('acme');
    const given = await replay('headers.ndjson', [line], ['--header', 'Authorization: Bearer t']);
    expect(given.run.stderr).toContain('also carried x-tenant;');
  });
});
