import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../../src/message/fixtures.js';
import { requiredFields, fieldSchema } from '../../src/message/schema.js';
import { validateContactProcessed } from '../../src/message/validateContactProcessed.js';
import type { ReceivedNotification } from '../../src/receiver/createReceiver.js';
import { startReceiver, type RunningReceiver } from '../../src/receiver/startReceiver.js';
import { httpRequest, rawRequest, type RawPart } from './rawRequest.js';

interface HostileCase {
  readonly name: string;
  readonly parts: readonly RawPart[];
  readonly status: number;
}

const full = fixtures.full.message as unknown as Record<string, unknown>;
const fullJson = JSON.stringify(full);
const json = (value: unknown) => JSON.stringify(value);
const post = (body: string | Buffer, headers: Record<string, string> = {}) => [
  httpRequest({ body, headers, path: '/n' }),
];
const withField = (field: string, value: unknown) => json({ ...full, [field]: value });
const without = (field: string) => {
  const copy = { ...full };
  delete copy[field];
  return json(copy);
};

function wrongTypeFor(field: string): unknown[] {
  const node = fieldSchema(field);
  return node?.type === 'integer'
    ? ['7', 7.5, null, [1], { v: 1 }, true]
    : [7, null, ['x'], { v: 'x' }, false];
}

const BODY_TIMEOUT_MS = 400;
const BODY_LIMIT = 64 * 1024;

const corpus: HostileCase[] = [
  // Text that is not a JSON object.
  ...[
    '',
    '{',
    '}',
    'null',
    '[]',
    '[{}]',
    '"ContactProcessed"',
    '42',
    'true',
    "{'GSW_MESSAGE':'ContactProcessed'}",
    '{GSW_MESSAGE: 1}',
    '{"a":1,}',
    'NaN',
    '{"GSW_MESSAGE":"ContactProcessed"',
    fullJson.slice(0, fullJson.length - 1),
    fullJson.slice(0, 40),
    `${fullJson}garbage`,
    '\u0000',
    '<xml/>',
    'GSW_MESSAGE=ContactProcessed',
  ].map((body, i) => ({
    name: `not a JSON object #${i}: ${JSON.stringify(body.slice(0, 30))}`,
    parts: post(body),
    status: 400,
  })),
  {
    name: 'bytes that are not UTF-8 inside a user field',
    parts: post(
      Buffer.concat([
        Buffer.from(fullJson.slice(0, -1) + ',"Other9":"'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('"}'),
      ]),
    ),
    status: 400,
  },
  { name: 'UTF-16 body', parts: post(Buffer.from(fullJson, 'utf16le')), status: 400 },
  // Each mandatory field missing.
  ...requiredFields.map((field) => ({
    name: `missing ${field}`,
    parts: post(without(field)),
    status: 400,
  })),
  // Wrong JSON types for mandatory and optional fields.
  ...[
    'GSW_MESSAGE_GUID',
    'GSW_PHONE',
    'GSW_PHONE_TYPE',
    'GSW_CHAIN_ID',
    'GSW_CALL_RESULT',
    'GSW_TIMESTAMP',
    'GSW_DIAL_MODE',
    'GSW_OPTIMIZE_GOAL',
    'GSW_AGENT_ID',
  ].flatMap((field) =>
    wrongTypeFor(field).map((value) => ({
      name: `${field} = ${json(value)}`,
      parts: post(withField(field, value)),
      status: 400,
    })),
  ),
  // Wrong formats and constants.
  ...[
    ['GSW_MESSAGE', 'ContactProcessing'],
    ['GSW_MESSAGE_GUID', 'not-a-guid'],
    ['GSW_MESSAGE_GUID', ''],
    ['GSW_CALL_ATTEMPT_GUID', '{1234}'],
    ['GSW_TIMESTAMP', '1732486555'],
    ['GSW_TIMESTAMP', '2024-11-24T22:15:55Z'],
    ['GSW_TIMESTAMP', '1732486555.12'],
    ['GSW_CONTACT_MEDIA_TYPE', 'fax'],
    ['GSW_CONTACT_MEDIA_TYPE', 'VOICE'],
    ['GSW_CALL_TIME', 'yesterday'],
  ].map(([field, value]) => ({
    name: `${field} = ${json(value)}`,
    parts: post(withField(field as string, value)),
    status: 400,
  })),
  // User fields that are not strings, prototype keys, deep nesting.
  ...[
    ['Other1', 1],
    ['Other1', null],
    ['Other1', ['a']],
    ['Other1', { a: 'b' }],
    ['crm', true],
  ].map(([field, value]) => ({
    name: `user field ${field as string} = ${json(value)}`,
    parts: post(withField(field as string, value)),
    status: 400,
  })),
  {
    name: '__proto__ object',
    parts: post(fullJson.replace('{', '{"__proto__":{"polluted":"yes"},')),
    status: 400,
  },
  {
    name: 'constructor.prototype object',
    parts: post(fullJson.replace('{', '{"constructor":{"prototype":{"polluted":"yes"}},')),
    status: 400,
  },
  {
    name: 'prototype key as an integer field value',
    parts: post(withField('GSW_PHONE_TYPE', { __proto__: 1 })),
    status: 400,
  },
  {
    name: '__proto__ only',
    parts: post('{"__proto__":{"GSW_MESSAGE":"ContactProcessed"}}'),
    status: 400,
  },
  { name: 'deeply nested arrays (unbalanced)', parts: post('['.repeat(60_000)), status: 400 },
  {
    name: 'deeply nested arrays (balanced)',
    parts: post(`${'['.repeat(30_000)}${']'.repeat(30_000)}`),
    status: 400,
  },
  {
    name: 'deeply nested user field',
    parts: post(fullJson.replace('{', `{"deep":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)},`)),
    status: 400,
  },
  // Huge bodies.
  {
    name: 'declared body over the limit',
    parts: [httpRequest({ path: '/n', headers: { 'content-length': String(50 * 1024 * 1024) } })],
    status: 413,
  },
  {
    name: 'body over the limit',
    parts: post(fullJson.replace('{', `{"Big":"${'x'.repeat(BODY_LIMIT)}",`)),
    status: 413,
  },
  {
    name: 'chunked body over the limit',
    parts: [
      `POST /n HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: ` +
        `chunked\r\nconnection: close\r\n\r\n`,
      ...Array.from({ length: 5 }, () => `4000\r\n${'x'.repeat(0x4000)}\r\n`),
      '0\r\n\r\n',
    ],
    status: 413,
  },
  // Wrong methods and paths.
  ...['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'HEAD'].map((method) => ({
    name: `method ${method}`,
    parts: [
      httpRequest({
        method,
        path: '/n',
        body: method === 'GET' || method === 'HEAD' ? '' : fullJson,
      }),
    ],
    status: 405,
  })),
  { name: 'another path', parts: [httpRequest({ path: '/admin', body: fullJson })], status: 404 },
  // Wrong content types.
  ...[
    'text/plain',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
    'json',
    'application/json-patch+json',
    'text/json',
    '',
  ].map((contentType) => ({
    name: `Content-Type ${JSON.stringify(contentType)}`,
    parts: post(fullJson, { 'content-type': contentType }),
    status: 415,
  })),
  // Truncated and slow senders.
  {
    name: 'body shorter than Content-Length, then silence',
    parts: [
      httpRequest({
        path: '/n',
        body: fullJson,
        headers: { 'content-length': String(fullJson.length + 100) },
      }),
    ],
    status: 408,
  },
  {
    name: 'headers, then no body at all',
    parts: [httpRequest({ path: '/n', headers: { 'content-length': String(fullJson.length) } })],
    status: 408,
  },
  {
    name: 'body trickled slower than the body timeout',
    parts: [
      httpRequest({ path: '/n', headers: { 'content-length': String(fullJson.length) } }),
      ...Array.from({ length: 12 }, (_, i) => [
        fullJson.slice(i * 5, i * 5 + 5),
        { pauseMs: 60 },
      ]).flat(),
    ],
    status: 408,
  },
  {
    name: 'chunked body that never ends',
    parts: [
      `POST /n HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: ` +
        `chunked\r\n\r\n10\r\n{"GSW_MESSAGE":"\r\n`,
    ],
    status: 408,
  },
];

describe('the reference receiver under hostile input', () => {
  let running: RunningReceiver;
  const delivered: ReceivedNotification[] = [];

  beforeAll(async () => {
    running = await startReceiver({
      port: 0,
      path: '/n',
      bodyLimit: BODY_LIMIT,
      bodyTimeoutMs: BODY_TIMEOUT_MS,
      onNotification: (n) => void delivered.push(n),
    });
  });
  afterAll(() => running.close());

  it('has a corpus of at least 100 hostile requests', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
  });

  it('answers each hostile request with the right 4xx, stays up, and delivers nothing invalid', async () => {
    const answers: { name: string; expected: number; got: number | undefined; error?: string }[] =
      [];
    const queue = [...corpus];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          const answer = await rawRequest(running.port, next.parts);
          answers.push({
            name: next.name,
            expected: next.status,
            got: answer.status,
            ...(answer.error === undefined ? {} : { error: answer.error }),
          });
          if (answer.status === 400)
            expect(JSON.parse(answer.body).issues.length, next.name).toBeGreaterThan(0);
        }
      }),
    );
    const wrong = answers.filter((a) => a.got !== a.expected);
    expect(wrong).toEqual([]);
    expect(delivered).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(running.receiver.stats.rejected).toBe(corpus.length);

    // Still up and still correct: a valid notification is accepted and delivered once.
    const ok = await rawRequest(running.port, [
      httpRequest({ path: '/n', body: fullJson, headers: { etag: String(full.GSW_MESSAGE_GUID) } }),
    ]);
    expect(ok.status).toBe(200);
    expect(delivered).toHaveLength(1);
    expect(validateContactProcessed(delivered[0]?.message).valid).toBe(true);
  });

  it('accepts a valid body that arrives slowly but within the body timeout', async () => {
    const message = { ...full, GSW_MESSAGE_GUID: '00000000-0000-4000-8000-00000000a001' };
    const body = json(message);
    const half = Math.floor(body.length / 2);
    const answer = await rawRequest(running.port, [
      httpRequest({ path: '/n', headers: { 'content-length': String(body.length) } }),
      body.slice(0, half),
      { pauseMs: 100 },
      body.slice(half),
    ]);
    expect(answer.status).toBe(200);
  });
});
