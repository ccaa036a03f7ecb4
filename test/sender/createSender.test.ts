import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { ContactProcessed } from '../../src/message/ContactProcessed.generated.js';
import { buildContactProcessed } from '../../src/message/buildContactProcessed.js';
import { validateNotificationRequest } from '../../src/message/validateNotificationRequest.js';
import { createSender } from '../../src/sender/createSender.js';
import { assumptions } from '../../src/assumptions.js';
import { parseCustomHeaders } from '../../src/ocs/customHeaders.js';
import { freeLoopbackPort, listenOnLoopback } from '../support/loopback.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly rawHeaders: string[];
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/** A loopback receiver whose answer to request n is decided by `answer(n, res)`. */
async function receiver(answer: (n: number, res: ServerResponse, seen: Seen) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = {
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: req.rawHeaders,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      seen.push(s);
      answer(seen.length, res, s);
    });
  });
  const origin = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  return { origin, url: `${origin}/ocs/notify?tenant=7`, seen };
}

const fast = { retryBackoff: { initialMs: 5, maxMs: 5 } } as const;
const message = (): ContactProcessed => buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() });

describe('createSender: each request', () => {
  it(
    'carries exactly the OCS headers, the custom headers and the JSON body, and is a valid ' +
      'notification request',
    async () => {
      const r = await receiver((_n, res) => res.end());
      const sender = createSender({
        uri: r.url,
        customHeaders: { Authorization: 'Bearer t0k3n', 'X-Tenant': 'acme' },
      });
      const m = message();
      const result = await sender.send(m);
      await sender.close();
      expect(result).toMatchObject({
        guid: m.GSW_MESSAGE_GUID,
        outcome: 'delivered',
        attempts: 1,
        lastStatus: 200,
      });
      const [seen] = r.seen;
      expect(seen!.method).toBe('POST');
      expect(seen!.url).toBe('/ocs/notify?tenant=7');
      const names = seen!.rawHeaders
        .filter((_, i) => i % 2 === 0)
        .map((h) => h.toLowerCase())
        .sort();
      expect(names).toEqual([
        'accept',
        'authorization',
        'connection',
        'content-length',
        'content-type',
        'etag',
        'host',
        'user-agent',
        'x-tenant',
      ]);
      expect(seen!.headers).toMatchObject({
        accept: '*/*',
        'user-agent': assumptions.userAgent,
        host: new URL(r.url).host,
        etag: m.GSW_MESSAGE_GUID,
        'content-type': 'application/json',
        'content-length': String(seen!.body.byteLength),
        authorization: 'Bearer t0k3n',
        'x-tenant': 'acme',
      });
      expect(JSON.parse(seen!.body.toString('utf8'))).toEqual(m);
      expect(
        validateNotificationRequest({
          method: seen!.method,
          headers: seen!.headers,
          body: seen!.body,
        }).errors,
      ).toEqual([]);
    },
  );

  it('lets a custom header override Accept and User-Agent, but refuses protected headers and CR/LF', () => {
    expect(() =>
      createSender({ uri: 'http://127.0.0.1:1/', customHeaders: { ETag: 'x' } }),
    ).toThrow(
      /customHeaders \(http-custom-headers\): expected a header the sender does not set itself .*, found header ETag$/,
    );
    expect(() =>
      createSender({ uri: 'http://127.0.0.1:1/', customHeaders: { 'Content-Length': '1' } }),
    ).toThrow(/found header Content-Length$/);
    expect(() =>
      createSender({
        uri: 'http://127.0.0.1:1/',
        customHeaders: { 'X-Evil': 'a\r\nInjected: yes' },
      }),
    ).toThrow(
      /expected a single-line value for header X-Evil, found a CR, LF or NUL character in it/,
    );
    expect(() =>
      createSender({ uri: 'http://127.0.0.1:1/', customHeaders: { 'Bad Name': 'v' } }),
    ).toThrow(
      /expected a header name of letters, digits and .*, found the header name "Bad Name"$/,
    );
    const sender = createSender({
      uri: 'http://127.0.0.1:1/',
      customHeaders: { 'User-Agent': 'OCS/8.1.999', Accept: 'application/json' },
    });
    expect(sender.settings.customHeaders).toEqual({
      'user-agent': 'OCS/8.1.999',
      accept: 'application/json',
    });
    void sender.close();
  });

  it('parses Name: value pairs separated by ; or new lines, rejecting a pair without a colon', () => {
    expect(parseCustomHeaders('Authorization: Bearer a:b; X-One: 1\nX-Two:2')).toEqual({
      authorization: 'Bearer a:b',
      'x-one': '1',
      'x-two': '2',
    });
    expect(() => parseCustomHeaders('X-One 1')).toThrow(
      /http-custom-headers: expected "Name: value" pairs.*, found "X-One 1"$/,
    );
  });
});

describe('createSender: retries and failures', () => {
  it('retries a 5xx with the same bytes (GUID, ETag, GSW_TIMESTAMP) and reports each attempt', async () => {
    const r = await receiver((n, res) => {
      res.statusCode = n < 3 ? 502 : 201;
      res.end();
    });
    const sender = createSender({ uri: r.url, retryMaxAttempts: 3, ...fast });
    const attempts: unknown[] = [];
    sender.on('attempt', (e) => attempts.push([e.attempt, e.status, e.willRetry]));
    const result = await sender.send(message());
    await sender.close();
    expect(result).toMatchObject({ outcome: 'delivered', attempts: 3, lastStatus: 201 });
    expect(attempts).toEqual([
      [1, 502, true],
      [2, 502, true],
      [3, 201, false],
    ]);
    expect(new Set(r.seen.map((s) => s.body.toString('hex'))).size).toBe(1);
    expect(new Set(r.seen.map((s) => s.headers.etag)).size).toBe(1);
  });

  it('gives up after 1 + retryMaxAttempts and says so', async () => {
    const r = await receiver((_n, res) => {
      res.statusCode = 503;
      res.end();
    });
    const sender = createSender({ uri: r.url, retryMaxAttempts: 2, ...fast });
    const result = await sender.send(message());
    await sender.close();
    expect(result).toMatchObject({
      outcome: 'failed',
      attempts: 3,
      lastStatus: 503,
      reason: 'HTTP 503 (gave up after 3 attempts)',
    });
    expect(r.seen).toHaveLength(3);
  });

  it('never follows a redirect: no request reaches the Location, and a 3xx is not retried', async () => {
    const r = await receiver((n, res, seen) => {
      if (seen.url.startsWith('/elsewhere')) return res.end('followed!');
      res.writeHead(307, { location: '/elsewhere' }).end();
    });
    const sender = createSender({ uri: r.url, retryMaxAttempts: 3, ...fast });
    const result = await sender.send(message());
    await sender.close();
    expect(result).toMatchObject({ outcome: 'failed', attempts: 1, lastStatus: 307 });
    expect(result.reason).toMatch(/redirects are never followed/);
    expect(r.seen.map((s) => s.url)).toEqual(['/ocs/notify?tenant=7']);
  });

  it('does not retry a 4xx unless the policy names it', async () => {
    const r = await receiver((_n, res) => {
      res.statusCode = 409;
      res.end();
    });
    const strict = createSender({ uri: r.url, retryMaxAttempts: 2, ...fast });
    expect(await strict.send(message())).toMatchObject({
      outcome: 'failed',
      attempts: 1,
      lastStatus: 409,
      reason: 'HTTP 409 (not retried: 4xx is not in http-retry-applies-to)',
    });
    await strict.close();
    const lenient = createSender({
      uri: r.url,
      retryMaxAttempts: 2,
      retryAppliesTo: ['4xx'],
      ...fast,
    });
    expect(await lenient.send(message())).toMatchObject({ outcome: 'failed', attempts: 3 });
    await lenient.close();
    expect(r.seen).toHaveLength(4);
  });

  it('times out an unanswered attempt after the response timeout and retries it', async () => {
    const r = await receiver((n, res) => {
      if (n > 1) res.end();
    });
    const sender = createSender({ uri: r.url, retryMaxAttempts: 1, responseTimeout: 0.3, ...fast });
    const events: { durationMs: number; condition?: string }[] = [];
    sender.on('attempt', (e) => events.push(e));
    const result = await sender.send(message());
    await sender.close();
    expect(result).toMatchObject({ outcome: 'delivered', attempts: 2 });
    expect(events[0]!.condition).toBe('timeout');
    expect(events[0]!.durationMs).toBeGreaterThanOrEqual(290);
    expect(events[0]!.durationMs).toBeLessThan(2000);
  });

  it('resolves (never rejects) when nothing listens, after retrying the connection failure', async () => {
    const sender = createSender({
      uri: `http://127.0.0.1:${await freeLoopbackPort()}/`,
      retryMaxAttempts: 2,
      ...fast,
    });
    const result = await sender.send(message());
    await sender.close();
    expect(result).toMatchObject({ outcome: 'failed', attempts: 3 });
    expect(result.reason).toMatch(
      /^connection failed \(ECONNREFUSED.*\(gave up after 3 attempts\)$/,
    );
  });

  it('sends nothing when disabled, for a message without GUID, or once closed, and says why', async () => {
    const r = await receiver((_n, res) => res.end());
    const off = createSender({ uri: r.url, enabled: false });
    expect(await off.send(message())).toMatchObject({
      outcome: 'failed',
      attempts: 0,
      reason: expect.stringMatching(/contact-processed-notification is false/),
    });
    await off.close();
    const on = createSender({ uri: r.url });
    const noGuid = { ...message() } as Record<string, unknown>;
    delete noGuid.GSW_MESSAGE_GUID;
    expect(await on.send(noGuid as ContactProcessed)).toMatchObject({
      outcome: 'failed',
      attempts: 0,
      reason: expect.stringMatching(/no string GSW_MESSAGE_GUID/),
    });
    await on.close();
    expect(await on.send(message())).toMatchObject({
      outcome: 'failed',
      attempts: 0,
      reason: 'the sender is closed',
    });
    expect(r.seen).toEqual([]);
  });
});

describe('createSender: invalid options are refused before anything is built', () => {
  it.each([
    [
      { uri: 'ftp://x/' },
      /uri \(contact-processed-notification-uri\): expected an absolute http:\/\/ or https:\/\/ URL, found "ftp:\/\/x\/"/,
    ],
    [{ uri: 'not a url' }, /expected an absolute http:\/\/ or https:\/\/ URL/],
    [{ uri: 'http://u:p@h/' }, /URL without credentials .* found "http:\/\/\*\*\*@h\/"/],
    [
      { uri: 'http://h/', retryMaxAttempts: -1 },
      /retryMaxAttempts \(http-retry-max-attempts\): expected an integer 0 or more, found -1/,
    ],
    [
      { uri: 'http://h/', connectionPoolSize: 0 },
      /connectionPoolSize \(http-connection-pool-size\): expected an integer 1 or more, found 0/,
    ],
    [
      { uri: 'http://h/', responseTimeout: 0 },
      /responseTimeout \(http-response-timeout\): expected a number of seconds greater than 0/,
    ],
    [
      { uri: 'http://h/', retryAppliesTo: ['5xx', 'sometimes'] },
      /retryAppliesTo \(http-retry-applies-to\): expected a list of connection-failure, timeout, 3xx, 4xx, 5xx, found "sometimes"/,
    ],
    [
      { uri: 'http://h/', proxy: 'socks5://u:secret@h:1' },
      /proxy \(http-proxy\): expected http:\/\/\[user:pass@\]host:port, found "socks5:\/\/\*\*\*@h:1"/,
    ],
    [
      { uri: 'http://h/', userAgent: 'a\nb' },
      /userAgent: expected a non-empty single-line product token/,
    ],
  ] as const)('%j', (options, message) => {
    expect(() => createSender(options as never)).toThrow(message);
  });
});
