/**
 * proxy, replay and receive --record as a user runs them, each a child process: OCS simulated by
 * `cpn-kit send` posts through `cpn-kit proxy` to `cpn-kit receive`; the proxy prints a line per
 * notification and writes its reports and recording; `cpn-kit replay` resends the recording, which
 * the receiver takes as duplicates (acknowledged, counted), or as new notifications with --fresh.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedExchange } from '../../src/record/RecordedExchange.js';
import { background, type Background } from './backgroundCli.js';
import { runCli } from './runCli.js';

const lines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RecordedExchange);

describe('cpn-kit proxy, replay and receive --record (child processes)', () => {
  let dir: string;
  let receiver: Background;
  let receiverUrl: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpn-kit-proxy-cli-'));
    receiver = background([
      'receive',
      '--port',
      '0',
      '--path',
      '/notifications',
      '--record',
      join(dir, 'received.ndjson'),
    ]);
    receiverUrl = (await receiver.printed(/listening on (\S+)/))[1]!;
  });
  afterAll(async () => {
    receiver?.stop();
    await receiver?.exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('proxy: a line per notification as it completes, the summary, the reports and the recording; exit 0', async () => {
    const proxy = background([
      'proxy',
      '--target',
      receiverUrl,
      '--listen',
      '127.0.0.1:0',
      // Stopped once the send is over (a fixed duration can end before a busy runner has
      // started the send's own process): SIGTERM ends a proxy's run as it should.
      '--duration',
      '60',
      '--response-timeout',
      '1',
      '--retry-window',
      '1',
      '--record',
      join(dir, 'proxied.ndjson'),
      '--json',
      join(dir, 'proxy.json'),
      '--html',
      join(dir, 'proxy.html'),
    ]);
    const url = (await proxy.printed(/listening on (\S+),/))[1]!;
    const sent = await runCli([
      'send',
      '--uri',
      url,
      '--count',
      '3',
      '--quiet',
      '--response-timeout',
      '1',
    ]);
    expect(sent.stdout).toContain('3 delivered, 0 failed');
    proxy.stop();
    expect(await proxy.exited).toBe(0);
    const out = proxy.output();
    expect(
      out.match(/^PASS [0-9a-f-]{36}: delivered after 1 attempt \(200 in \d+ ms\)$/gm),
    ).toHaveLength(3);
    expect(out).toContain('PASS receiver-acknowledged: all 3 notifications');
    expect(out).toMatch(
      /^proxy http:\/\/127\.0\.0\.1:\d+\/notifications: conformant \(17 passed, 0 failed/m,
    );
    const report = JSON.parse(await readFile(join(dir, 'proxy.json'), 'utf8')) as {
      passed: boolean;
      complete: boolean;
      findings: { id: string }[];
    };
    expect(report).toMatchObject({ passed: true, complete: true });
    // The terminal prints the notifications' lines live, but counts them like the files do.
    expect(report.findings).toHaveLength(17);
    expect(report.findings.filter((f) => f.id.startsWith('notification '))).toHaveLength(3);
    const html = await readFile(join(dir, 'proxy.html'), 'utf8');
    expect(html.match(/class="attempt-mark/g)).toHaveLength(3);
    const proxied = await lines(join(dir, 'proxied.ndjson'));
    const received = await lines(join(dir, 'received.ndjson'));
    expect(proxied).toHaveLength(3);
    expect(received.map((r) => [r.guid, r.attempt, r.request.sha256])).toEqual(
      proxied.map((p) => [p.guid, 1, p.request.sha256]),
    );
    for (const line of proxied)
      expect(
        createHash('sha256')
          .update(line.request.body as string)
          .digest('hex'),
      ).toBe(line.request.sha256);
  });

  it('replay: the recorded bytes again (acknowledged duplicates); --guid picks one; --fresh: new ones', async () => {
    const recording = join(dir, 'proxied.ndjson');
    const proxied = await lines(recording);
    const again = await runCli(['replay', recording, '--uri', receiverUrl]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `sent 3 notification(s) to ${receiverUrl}: 3 delivered, 0 failed, 3 attempt(s)`,
    );
    const one = await runCli([
      'replay',
      recording,
      '--uri',
      receiverUrl,
      '--guid',
      proxied[1]!.guid!,
      '--format',
      'json',
    ]);
    expect(JSON.parse(one.stdout)).toMatchObject({ total: 1, delivered: 1, failed: 0 });
    const fresh = await runCli([
      'replay',
      recording,
      '--uri',
      receiverUrl,
      '--fresh',
      '--format',
      'json',
    ]);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ total: 3, delivered: 3 });

    const received = await lines(join(dir, 'received.ndjson'));
    expect(received).toHaveLength(3 + 3 + 1 + 3);
    const replayed = received.slice(3, 6);
    expect(replayed.map((r) => [r.guid, r.attempt, r.request.body])).toEqual(
      proxied.map((p) => [p.guid, 2, p.request.body]),
    );
    expect(received[6]).toMatchObject({ guid: proxied[1]!.guid, attempt: 3 });
    const renewed = received.slice(7);
    expect(renewed.every((r) => r.attempt === 1 && !proxied.some((p) => p.guid === r.guid))).toBe(
      true,
    );
    receiver.stop();
    expect(await receiver.exited).toBe(0);
    expect(receiver.output()).toContain(
      'stopped on SIGTERM: 6 accepted, 4 duplicate(s), 0 rejected',
    );
  });

  it('proxy exits 1 when the target is down: 502 to the sender, the finding, the exchange recorded', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const record = join(dir, 'down.ndjson');
    const proxy = background([
      'proxy',
      '--target',
      `http://127.0.0.1:${port}/`,
      '--listen',
      '127.0.0.1:0',
      '--duration',
      '60',
      '--record',
      record,
    ]);
    const url = (await proxy.printed(/listening on (\S+),/))[1]!;
    const sent = await runCli(['send', '--uri', url, '--quiet', '--format', 'json']);
    expect(JSON.parse(sent.stdout)).toMatchObject({
      total: 1,
      failed: 1,
      statusCounts: { 502: 1 },
    });
    proxy.stop();
    expect(await proxy.exited).toBe(1);
    expect(proxy.output()).toMatch(
      /^FAIL target-reachable: 1 request\(s\) could not reach .*ECONNREFUSED/m,
    );
    expect((await lines(record))[0]).toMatchObject({
      answer: { status: 502 },
      failure: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('bad input exits 2 naming what is wrong', async () => {
    const bad = join(dir, 'bad.ndjson');
    await writeFile(bad, '{"v":1}\n{not json\n');
    const notJson = await runCli(['replay', bad, '--uri', 'http://127.0.0.1:9/']);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/bad\.ndjson line 1: /);
    const missing = await runCli([
      'replay',
      join(dir, 'nope.ndjson'),
      '--uri',
      'http://127.0.0.1:9/',
    ]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('cannot read')]);
    const noTarget = await runCli(['proxy']);
    expect([noTarget.code, noTarget.stderr]).toEqual([
      2,
      expect.stringContaining("'--target <url>'"),
    ]);
    const badListen = await runCli([
      'proxy',
      '--target',
      'http://127.0.0.1:9/',
      '--listen',
      'nowhere',
    ]);
    expect([badListen.code, badListen.stderr]).toEqual([2, expect.stringContaining('--listen')]);
  });
});
