/**
 * A recording written by RecordWriter reads back, line by line, as the very bytes that went over the
 * wire (text or base64, hash included); a line that is not a recorded exchange is named by file and
 * line with the error's code.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bodyBytes,
  recordedBody,
  type RecordedExchange,
} from '../../src/record/RecordedExchange.js';
import { readRecording } from '../../src/record/readRecording.js';
import { RecordWriter } from '../../src/record/RecordWriter.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function exchange(guid: string, body: Uint8Array, attempt = 1): RecordedExchange {
  return {
    v: 1,
    time: new Date(0).toISOString(),
    guid,
    attempt,
    request: { method: 'POST', path: '/', headers: { etag: guid }, ...recordedBody(body) },
    answer: { status: 200, headers: {}, ...recordedBody(new Uint8Array()) },
    durationMs: 1.5,
  };
}

async function readAll(file: string): Promise<RecordedExchange[]> {
  const out: RecordedExchange[] = [];
  for await (const line of readRecording(file)) out.push(line);
  return out;
}

describe('recordings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpn-kit-record-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads back every exchange written, bodies byte for byte (UTF-8 as text, the rest as base64)', async () => {
    const file = join(dir, 'nested', 'run.ndjson');
    const writer = new RecordWriter(file);
    const text = Buffer.from('{"GSW_MESSAGE":"ContactProcessed","GSW_AGENT_ID":"Zoë 🎧"}');
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0xc3]);
    writer.write(exchange('a', text));
    writer.write(exchange('b', binary));
    writer.write(exchange('a', text, 2));
    expect(writer.count).toBe(3);
    await writer.close();
    const lines = await readAll(file);
    expect(lines.map((l) => [l.guid, l.attempt])).toEqual([
      ['a', 1],
      ['b', 1],
      ['a', 2],
    ]);
    expect(lines[0]!.request.body).toBe(text.toString('utf8'));
    expect(lines[1]!.request.bodyBase64).toBe(binary.toString('base64'));
    expect(bodyBytes(lines[1]!.request).equals(binary)).toBe(true);
    for (const line of lines) expect(sha256(bodyBytes(line.request))).toBe(line.request.sha256);
    expect(lines[0]!.answer).toEqual({
      status: 200,
      headers: {},
      sha256: sha256(new Uint8Array()),
    });
  });

  it('names the file and line of a line that is not a recorded exchange', async () => {
    const file = join(dir, 'bad.ndjson');
    const good = JSON.stringify(exchange('a', Buffer.from('{}')));
    await writeFile(file, `${good}\n\n{"v":2}\n`);
    await expect(readAll(file)).rejects.toMatchObject({
      code: 'CPN_RECORDING',
      message: `${file} line 3: expected a recorded exchange (a JSON object with "v": 1)`,
    });
  });

  it('masks secrets by default; keeps them with a null mask, in a file only its owner can read', async () => {
    const line = exchange('a', Buffer.from('{"token":"SECRET123"}'));
    const withToken = {
      ...line,
      request: { ...line.request, headers: { authorization: 'Bearer SECRET123' } },
    };
    const masked = join(dir, 'masked.ndjson');
    const writer = new RecordWriter(masked);
    writer.write(withToken);
    await writer.close();
    const [read] = await readAll(masked);
    expect(read!.request.headers.authorization).toMatch(/^Bearer \*\*\* \([0-9a-f]{8}\)$/);
    expect(read!.request).toMatchObject({ bodyMasked: true, sha256: line.request.sha256 });
    expect(JSON.stringify(read)).not.toContain('SECRET123');
    const kept = join(dir, 'kept.ndjson');
    const keeping = new RecordWriter(kept, undefined, 'record', null);
    keeping.write(withToken);
    await keeping.close();
    expect((await readAll(kept))[0]).toEqual(withToken);
    expect((await stat(kept)).mode & 0o777).toBe(0o600);
  });
});
