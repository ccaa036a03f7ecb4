/**
 * readRecording takes only what a recorder wrote: every field of every line has its type, every body
 * matches its SHA-256, and a line cut short at the end of the file is named as cut short. Anything
 * else is a RecordingError naming the file and the line, never a JavaScript error.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedBody, type RecordedExchange } from '../../src/record/RecordedExchange.js';
import { readRecording } from '../../src/record/readRecording.js';

const good: RecordedExchange = {
  v: 1,
  time: '2026-11-25T18:21:49.101Z',
  guid: '8cf0df5c-4d2c-4c76-8d83-8c383bd9f6e4',
  attempt: 1,
  request: {
    method: 'POST',
    path: '/',
    headers: { etag: '8cf0df5c-4d2c-4c76-8d83-8c383bd9f6e4' },
    ...recordedBody(Buffer.from('{"GSW_MESSAGE":"ContactProcessed"}')),
  },
  answer: { status: 200, headers: {}, ...recordedBody(Buffer.from('{}')) },
  durationMs: 3.2,
};
const binary = {
  ...good,
  request: { ...good.request, ...recordedBody(Buffer.from([0xff, 0, 1, 2, 3])) },
};
delete (binary.request as { body?: string }).body;

/** `good` with one field (a dotted path) set to `value`, or removed when `value` is undefined. */
function changed(base: RecordedExchange, path: string, value: unknown): string {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce((o, k) => o[k] as Record<string, unknown>, copy);
  if (value === undefined) delete parent[keys.at(-1)!];
  else parent[keys.at(-1)!] = value;
  return JSON.stringify(copy);
}

describe('readRecording refuses what a recorder did not write, naming file and line', () => {
  let dir: string;
  let n = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpn-kit-read-recording-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Writes the text as a recording and reads it all; resolves with what was read. */
  async function read(text: string): Promise<{ file: string; read: Promise<RecordedExchange[]> }> {
    const file = join(dir, `r${(n += 1)}.ndjson`);
    await writeFile(file, text);
    const all = async () => {
      const out: RecordedExchange[] = [];
      for await (const exchange of readRecording(file)) out.push(exchange);
      return out;
    };
    return { file, read: all() };
  }

  const refused = async (second: string, why: RegExp | string) => {
    const { file, read: reading } = await read(`${JSON.stringify(good)}\n${second}\n`);
    const error = await reading.then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code, String(error)).toBe('CPN_RECORDING');
    expect(error!.message.startsWith(`${file} line 2: `), error!.message).toBe(true);
    if (typeof why === 'string') expect(error!.message).toContain(why);
    else expect(error!.message).toMatch(why);
  };

  it('reads a good recording, its last line without a newline too', async () => {
    const { read: lines } = await read(`${JSON.stringify(good)}\n${JSON.stringify(binary)}`);
    expect(await lines).toHaveLength(2);
  });

  it('a body that does not match its sha256', () =>
    refused(
      changed(good, 'request.body', '{"GSW_MESSAGE":"ContactProcessed","x":1}'),
      /request\.body: does not match its sha256 \(recorded [0-9a-f]{12}…, the body hashes to [0-9a-f]{12}…\)/,
    ));

  it('an answer body that does not match its sha256', () =>
    refused(changed(good, 'answer.body', '{"x":1}'), 'answer.body: does not match its sha256'));

  it('base64 that does not decode as it was written (745 bytes for 742)', () =>
    refused(
      changed(binary, 'request.bodyBase64', `${binary.request.bodyBase64!.slice(0, -1)}A!==`),
      'request.bodyBase64: expected base64',
    ));

  it('a base64 body whose bytes were changed', () =>
    refused(
      changed(binary, 'request.bodyBase64', 'AAECAwQ='),
      'request.bodyBase64: does not match its sha256',
    ));

  it.each([
    ['request.bodyBase64', ['/wABAgM=']],
    ['request.body', 42],
    ['request.sha256', 'abc'],
    ['request.method', null],
    ['request.path', undefined],
    ['request.headers', ['etag', 'x']],
    ['request.headers.etag', 5],
    ['request', 'POST /'],
    ['answer.status', '200'],
    ['answer.headers', null],
    ['answer', 7],
    ['guid', 5],
    ['attempt', '1'],
    ['attempt', -1],
    ['time', 0],
    ['durationMs', 'fast'],
    ['failure', { why: 'x' }],
    ['request.bodyMasked', 'yes'],
    ['answer.size', -1],
  ])('%s set to %j', (path, value) =>
    refused(
      changed(path.startsWith('request.bodyBase64') ? binary : good, path, value),
      `${path.split('.').slice(0, 2).join('.')}: expected`,
    ),
  );

  it('a body and a bodyBase64 at once', () =>
    refused(
      changed(binary, 'request.body', 'x'),
      'request: expected either body or bodyBase64, not both',
    ));

  it('a line in the middle that is not JSON', async () => {
    const { file, read: reading } = await read(
      `${JSON.stringify(good)}\n{"v":1,\n${JSON.stringify(good)}\n`,
    );
    await expect(reading).rejects.toThrow(`${file} line 2: not JSON`);
  });

  it('the last line cut short: named as cut short', async () => {
    const text = JSON.stringify(good);
    const { file, read: reading } = await read(`${text}\n${text}\n${text.slice(0, 100)}`);
    await expect(reading).rejects.toThrow(
      `${file} line 3: cut short (the file ends in the middle of this line:`,
    );
  });

  it('an answer too large to keep, recorded as its size and hash, is read as it is', async () => {
    const cut = {
      ...good,
      answer: { status: 200, headers: {}, sha256: good.request.sha256, size: 700_000_000 },
    };
    const { read: lines } = await read(`${JSON.stringify(cut)}\n`);
    expect((await lines)[0]!.answer).toMatchObject({ size: 700_000_000 });
  });

  it('a size beside a body', () =>
    refused(changed(good, 'answer.size', 2), 'answer: expected either a body or its size'));

  it('a masked body is read without checking its hash (the hash is of the bytes on the wire)', async () => {
    const masked = {
      ...good,
      answer: { ...good.answer!, body: '{"t":"*** (0a1b2c3d)"}', bodyMasked: true as const },
    };
    const { read: lines } = await read(`${JSON.stringify(masked)}\n`);
    expect((await lines)[0]!.answer).toMatchObject({ bodyMasked: true });
  });
});
