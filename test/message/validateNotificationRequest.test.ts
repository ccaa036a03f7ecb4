import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../../src/message/fixtures.js';
import {
  headerDisplayName,
  normalizeHeaders,
  validateNotificationRequest,
  type NotificationRequest,
} from '../../src/message/validateNotificationRequest.js';

const message = fixtures['user-fields'].message; // has non-ASCII text: byte length != character length
const body = JSON.stringify(message);
const goodHeaders: Record<string, string> = {
  Accept: '*/*',
  'User-Agent': 'OCS/8.1.528.15',
  Host: '127.0.0.1:8080',
  ETag: message.GSW_MESSAGE_GUID,
  'Content-Type': 'application/json',
  'Content-Length': String(Buffer.byteLength(body)),
};

function request(
  changes: {
    method?: string;
    headers?: Record<string, string | undefined>;
    body?: string | Uint8Array;
  } = {},
): NotificationRequest {
  const headers: Record<string, string> = { ...goodHeaders };
  for (const [name, value] of Object.entries(changes.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { method: changes.method ?? 'POST', headers, body: changes.body ?? body };
}

describe('validateNotificationRequest', () => {
  it('a request as OCS sends it is valid and returns the parsed message', () => {
    expect(body.length).not.toBe(Buffer.byteLength(body));
    const result = validateNotificationRequest(request());
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.message).toEqual(message);
  });

  it('accepts a Headers object, a Uint8Array body, lower-case names and a charset parameter', () => {
    const headers = new Headers({
      ...goodHeaders,
      'Content-Type': 'application/json; charset=utf-8',
    });
    const result = validateNotificationRequest({
      method: 'POST',
      headers,
      body: new TextEncoder().encode(body),
    });
    expect(result.errors).toEqual([]);
    const lower = Object.fromEntries(
      Object.entries(goodHeaders).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(validateNotificationRequest({ method: 'post', headers: lower, body }).valid).toBe(true);
  });

  it.each([
    ['wrong method', { method: 'PUT' }, 'method', 'wrong-value'],
    ['GET', { method: 'GET' }, 'method', 'wrong-value'],
    [
      'missing Content-Type',
      { headers: { 'Content-Type': undefined } },
      'Content-Type header',
      'missing-field',
    ],
    [
      'text/plain Content-Type',
      { headers: { 'Content-Type': 'text/plain' } },
      'Content-Type header',
      'wrong-format',
    ],
    [
      'application/jsonp Content-Type',
      { headers: { 'Content-Type': 'application/jsonp' } },
      'Content-Type header',
      'wrong-format',
    ],
    [
      'ETag not the message GUID',
      { headers: { ETag: '5c8e1f2a-7b6d-4c3e-9a0b-1d2e3f4a5b6c' } },
      'ETag header',
      'header-mismatch',
    ],
    ['ETag not a GUID', { headers: { ETag: 'W/"abc"' } }, 'ETag header', 'wrong-format'],
    ['missing ETag', { headers: { ETag: undefined } }, 'ETag header', 'missing-field'],
    [
      'missing User-Agent',
      { headers: { 'User-Agent': undefined } },
      'User-Agent header',
      'missing-field',
    ],
    ['blank User-Agent', { headers: { 'User-Agent': '  ' } }, 'User-Agent header', 'wrong-format'],
    [
      'Content-Length one short',
      { headers: { 'Content-Length': String(Buffer.byteLength(body) - 1) } },
      'Content-Length header',
      'header-mismatch',
    ],
    [
      'Content-Length in characters, not bytes',
      { headers: { 'Content-Length': String(body.length) } },
      'Content-Length header',
      'header-mismatch',
    ],
    [
      'Content-Length not a number',
      { headers: { 'Content-Length': 'many' } },
      'Content-Length header',
      'wrong-format',
    ],
    [
      'missing Content-Length',
      { headers: { 'Content-Length': undefined } },
      'Content-Length header',
      'missing-field',
    ],
  ] as const)('%s is an error naming %s', (_name, changes, field, code) => {
    const result = validateNotificationRequest(request(changes));
    expect(result.valid).toBe(false);
    // Every error is about that header (a non-GUID ETag is both malformed and not the body's GUID).
    expect(result.errors.map((e) => e.field)).toEqual(result.errors.map(() => field));
    expect(result.errors.map((e) => e.code)).toContain(code);
    for (const error of result.errors)
      expect(error.message.startsWith(`${field}: expected `)).toBe(true);
  });

  it('a chunked body without Content-Length (HTTP/1.1 allows it) is valid, with a warning that OCS sends one', () => {
    const result = validateNotificationRequest(
      request({ headers: { 'Content-Length': undefined, 'Transfer-Encoding': 'chunked' } }),
    );
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.message).toEqual(message);
    expect(result.warnings).toEqual([
      {
        field: 'Content-Length header',
        code: 'missing-field',
        expected: 'the body length in bytes, as OCS sends it',
        found:
          'none: the body came chunked (Transfer-Encoding: chunked), which HTTP/1.1 allows, but ' +
          'a receiver that requires a length answers 411 Length Required',
        message:
          'Content-Length header: expected the body length in bytes, as OCS sends it, found none: ' +
          'the body came chunked (Transfer-Encoding: chunked), which HTTP/1.1 allows, but a ' +
          'receiver that requires a length answers 411 Length Required',
      },
    ]);
  });

  it('chunked as the last of several codings is chunked too; a coding without chunked is no length', () => {
    const gzipChunked = validateNotificationRequest(
      request({ headers: { 'Content-Length': undefined, 'Transfer-Encoding': 'gzip, Chunked' } }),
    );
    expect(gzipChunked.errors).toEqual([]);
    expect(gzipChunked.warnings.map((w) => w.field)).toEqual(['Content-Length header']);
    const gzipOnly = validateNotificationRequest(
      request({ headers: { 'Content-Length': undefined, 'Transfer-Encoding': 'gzip' } }),
    );
    expect(gzipOnly.errors.map((e) => `${e.field} ${e.code}`)).toEqual([
      'Content-Length header missing-field',
    ]);
  });

  it('a body that is not JSON is a not-json error on (body), with no message', () => {
    const text = '{"GSW_MESSAGE": ';
    const result = validateNotificationRequest(
      request({ body: text, headers: { 'Content-Length': String(text.length) } }),
    );
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ field: '(body)', code: 'not-json' })]);
    expect(result.message).toBeUndefined();
  });

  it('an invalid body is reported field by field, with no message', () => {
    const bad = JSON.stringify({ ...message, GSW_CALL_RESULT: 'seven' });
    const result = validateNotificationRequest(
      request({ body: bad, headers: { 'Content-Length': String(Buffer.byteLength(bad)) } }),
    );
    expect(result.errors).toEqual([
      expect.objectContaining({ field: 'GSW_CALL_RESULT', code: 'wrong-type' }),
    ]);
    expect(result.message).toBeUndefined();
  });

  it('body warnings are passed through without failing the request', () => {
    const vendor = JSON.stringify(fixtures['vendor-enum'].message);
    const result = validateNotificationRequest(
      request({
        body: vendor,
        headers: {
          ETag: fixtures['vendor-enum'].message.GSW_MESSAGE_GUID,
          'Content-Length': String(Buffer.byteLength(vendor)),
        },
      }),
    );
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => w.field).sort()).toEqual([
      'GSW_CALL_RESULT',
      'GSW_OPTIMIZE_BY',
    ]);
  });

  it('several envelope problems are all reported', () => {
    const result = validateNotificationRequest(
      request({
        method: 'PUT',
        headers: { 'User-Agent': undefined, 'Content-Type': 'text/plain' },
      }),
    );
    expect(result.errors.map((e) => e.field).sort()).toEqual([
      'Content-Type header',
      'User-Agent header',
      'method',
    ]);
  });

  it('normalizeHeaders lower-cases names, joins repeated values and drops undefined', () => {
    expect(
      normalizeHeaders({ 'X-A': ['1', '2'], 'Content-Length': 5, Missing: undefined }),
    ).toEqual({ 'x-a': '1, 2', 'content-length': '5' });
  });

  it('headerDisplayName writes header names as the spec does', () => {
    expect(headerDisplayName('etag')).toBe('ETag');
    expect(headerDisplayName('content-type')).toBe('Content-Type');
    expect(headerDisplayName('user-agent')).toBe('User-Agent');
  });

  it('a node:http request written without Content-Length arrives chunked: valid, with the warning', async () => {
    const { request: post } = await import('node:http');
    let seen: { method: string; headers: IncomingHttpHeaders; body: Buffer } | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen = { method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      await new Promise<void>((resolve, reject) => {
        const req = post({ host: '127.0.0.1', port, path: '/notify', method: 'POST' }, (res) =>
          res.resume().on('end', resolve),
        );
        req.on('error', reject);
        req.setHeader('Content-Type', 'application/json');
        req.setHeader('ETag', message.GSW_MESSAGE_GUID);
        req.setHeader('User-Agent', 'OCS/8.1.528.15');
        req.write(body);
        req.end();
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen?.headers['transfer-encoding']).toBe('chunked');
    expect(seen?.headers['content-length']).toBeUndefined();
    const result = validateNotificationRequest(seen!);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.field)).toEqual(['Content-Length header']);
  });

  it('judges a request received over a real loopback socket (Node headers, raw bytes)', async () => {
    const seen: { method: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
      const send = (headers: Record<string, string>) =>
        fetch(url, { method: 'POST', headers, body }).then((r) => r.arrayBuffer());
      await send({
        'Content-Type': 'application/json',
        ETag: message.GSW_MESSAGE_GUID,
        'User-Agent': 'OCS/8.1.528.15',
      });
      await send({
        'Content-Type': 'text/plain',
        ETag: message.GSW_MESSAGE_GUID,
        'User-Agent': 'OCS/8.1.528.15',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toHaveLength(2);
    const [good, bad] = seen.map((r) => validateNotificationRequest(r));
    expect(good?.errors).toEqual([]);
    expect(good?.message).toEqual(message);
    expect(bad?.errors.map((e) => e.field)).toEqual(['Content-Type header']);
  });
});
