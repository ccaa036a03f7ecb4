import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { curlCommand, type CurlRequest } from '../../../src/checks/receiver/curlCommand.js';
import { debianPackage, needing } from '../../support/requirement.js';

const DEBIAN_CURL = '/usr/bin/curl';
const withCurl = needing(debianPackage('curl', existsSync(DEBIAN_CURL)));

/** A body a shell would love to expand: quotes of both kinds, $, backticks, !, backslashes, newlines. */
const hostileBody =
  `{"GSW_MESSAGE":"ContactProcessed","note":"it's O'Brien's \\"call\\"",` +
  '"shell":"$HOME `id` $(whoami) !! \\\\n \\u0000",\n"lines":"a\nb\tc","name":"Zoë ✓"}';

const request = (overrides: Partial<CurlRequest> = {}): CurlRequest => ({
  method: 'POST',
  url: 'http://127.0.0.1:8080/crm/notify',
  headers: {
    accept: '*/*',
    'user-agent': 'Genesys-OCS/8.1',
    etag: 'c0ffee00-0000-4000-8000-000000000001',
    'content-type': 'application/json',
    'content-length': '999',
  },
  body: '{"GSW_MESSAGE":"ContactProcessed"}',
  ...overrides,
});

describe('curlCommand', () => {
  it('one header a line, single-quoted; Content-Length left to curl; the body as one argument', () => {
    expect(curlCommand(request())).toBe(
      [
        "curl -sS -i --globoff -X POST 'http://127.0.0.1:8080/crm/notify'",
        "-H 'accept: */*'",
        "-H 'user-agent: Genesys-OCS/8.1'",
        "-H 'etag: c0ffee00-0000-4000-8000-000000000001'",
        "-H 'content-type: application/json'",
        `--data-binary '{"GSW_MESSAGE":"ContactProcessed"}'`,
      ].join(' \\\n  '),
    );
  });

  it("writes each single quote of a body as '\\'' and leaves everything else as it is", () => {
    const command = curlCommand(request({ body: `{"note":"it's O'Brien's"}` }));
    expect(command).toContain(`--data-binary '{"note":"it'\\''s O'\\''Brien'\\''s"}'`);
  });

  it("switches off the headers curl would add by itself, and sends an empty header as 'Name;'", () => {
    const command = curlCommand({
      method: 'POST',
      url: 'http://127.0.0.1:1/x',
      headers: { 'x-empty': '' },
      body: 'x'.repeat(2000),
    });
    expect(command).toContain("-H 'x-empty;'");
    expect(command).toContain("-H 'Accept:' -H 'User-Agent:' -H 'Content-Type:' -H 'Expect:'");
    expect(curlCommand({ method: 'GET', url: 'http://127.0.0.1:1/', headers: {} })).toBe(
      "curl -sS -i --globoff -X GET 'http://127.0.0.1:1/' \\\n  -H 'Accept:' -H 'User-Agent:'",
    );
  });
});

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly string[];
  readonly body: Buffer;
}

/** A loopback server that keeps the one request it gets, byte for byte, and answers 204. */
async function capture(run: (url: string) => Promise<unknown>): Promise<Received> {
  let received: Received | undefined;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { method = '', url = '', rawHeaders } = req;
      received = { method, url, headers: rawHeaders, body: Buffer.concat(chunks) };
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (received === undefined) throw new Error('the server got no request');
  return received;
}

/** The header pairs as received, lower-case names, Host left out (curl writes its own). */
const pairs = (raw: readonly string[]) =>
  raw
    .flatMap((v, i) => (i % 2 === 0 ? [[v.toLowerCase(), raw[i + 1]!] as const] : []))
    .filter(([name]) => name !== 'host');

withCurl.describe(`curlCommand run by bash with ${DEBIAN_CURL}`, () => {
  it('sends the same method, path, headers and body bytes as the request it was made from', async () => {
    const url = (origin: string) => `${origin}/crm/notify?tenant=a&note={x}`;
    const received = await capture(async (origin) => {
      const sent = request({ url: url(origin), body: hostileBody });
      const { stdout } = await promisify(execFile)('bash', ['-c', curlCommand(sent)], {
        env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' },
        timeout: 10_000,
      });
      expect(stdout).toMatch(/^HTTP\/1\.1 204/);
    });
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/crm/notify?tenant=a&note={x}');
    expect(received.body.equals(Buffer.from(hostileBody, 'utf8'))).toBe(true);
    expect(pairs(received.headers)).toEqual([
      ['accept', '*/*'],
      ['user-agent', 'Genesys-OCS/8.1'],
      ['etag', 'c0ffee00-0000-4000-8000-000000000001'],
      ['content-type', 'application/json'],
      ['content-length', String(Buffer.byteLength(hostileBody))],
    ]);
  });

  it('a request without Accept or User-Agent reaches the server without curl’s own', async () => {
    const received = await capture(async (origin) => {
      const command = curlCommand({
        method: 'PUT',
        url: `${origin}/x`,
        headers: { 'x-empty': '', 'x-token': "a'b" },
        body: 'z'.repeat(3000),
      });
      await promisify(execFile)('bash', ['-c', command], { env: { PATH: '/usr/bin:/bin' } });
    });
    expect(received.method).toBe('PUT');
    expect(received.body.toString()).toBe('z'.repeat(3000));
    expect(pairs(received.headers)).toEqual([
      ['x-empty', ''],
      ['x-token', "a'b"],
      ['content-length', '3000'],
    ]);
  });
});
