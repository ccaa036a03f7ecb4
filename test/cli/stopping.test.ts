/**
 * The kit the way CI scripts and staging runs stop it: `npx cpn-kit proxy … &` then `kill $!` (the
 * signal reaches npm, not the kit), Ctrl-C, `timeout`, the parent shell exiting, and SIGKILL. Each
 * ends the run within 2 s with every report written and the port freed, or (SIGKILL) leaves the
 * report of at most a second before, marked incomplete, and a recording that holds every exchange
 * whose answer went out. Outputs that cannot be written are refused at start, or said at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type RunningReceiver } from '../../src/receiver/startReceiver.js';
import { cliPath, runCli } from './runCli.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...process.env, NO_COLOR: '1' };
let dir: string;
let crm: RunningReceiver;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpn-kit-stopping-'));
  crm = await startReceiver({ path: '/notifications' });
});
afterEach(() => {
  // Each child leads its own process group: npm and the kit it started go with it.
  for (const child of children.splice(0))
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
});
afterAll(async () => {
  await crm.close();
  await rm(dir, { recursive: true, force: true });
});

/** The report files and recording of one run, in their own folder. */
async function outputs(name: string) {
  const folder = join(dir, name);
  return {
    folder,
    json: join(folder, 'r.json'),
    junit: join(folder, 'r.xml'),
    html: join(folder, 'r.html'),
    record: join(folder, 'rec.ndjson'),
    log: join(folder, 'kit.log'),
  };
}

type Outputs = Awaited<ReturnType<typeof outputs>>;

const proxyArgs = (o: Outputs, extra: readonly string[] = []) => [
  'proxy',
  '--target',
  crm.url,
  '--listen',
  '127.0.0.1:0',
  '--response-timeout',
  '1',
  '--record',
  o.record,
  '--json',
  o.json,
  '--junit',
  o.junit,
  '--html',
  o.html,
  ...extra,
];

/** Polls until `done()` holds or `ms` pass; resolves with how long it took, or rejects. */
async function within(ms: number, what: string, done: () => Promise<boolean>): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < ms) {
    if (await done().catch(() => false)) return performance.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not within ${ms} ms: ${what}`);
}

const readJson = async (file: string) =>
  JSON.parse(await readFile(file, 'utf8')) as {
    complete: boolean;
    passed: boolean;
    incomplete?: string;
    findings: { id: string; status: string; summary: string }[];
  };

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => resolve(!socket.destroy()));
    socket.once('error', () => resolve(true));
  });

/** Waits for the proxy's "listening on URL" line in a file its output goes to. */
async function listeningUrl(log: string): Promise<string> {
  let url = '';
  await within(15_000, `a listening line in ${log}`, async () => {
    url = /listening on (\S+),/.exec(await readFile(log, 'utf8'))?.[1] ?? '';
    return url !== '';
  });
  return url;
}

/** Sends `count` notifications through `url` with the kit's own sender (a child process). */
async function send(url: string, count: number) {
  const sent = await runCli(['send', '--uri', url, '--count', String(count), '--quiet']);
  expect(sent.stdout).toContain(`${count} delivered, 0 failed`);
}

/** After a stop: the final report (complete), JUnit and HTML written and the port free, within 2 s. */
async function expectEndedWithin2s(o: Outputs, port: number, notifications: number) {
  const took = await within(2_000, 'a complete report and a free port', async () => {
    const report = await readJson(o.json);
    return report.complete && (await portFree(port));
  });
  const report = await readJson(o.json);
  expect(report.findings.find((f) => f.id === 'notifications')?.summary).toMatch(
    new RegExp(`^${notifications} notifications?: ${notifications} delivered`),
  );
  expect(await readFile(o.junit, 'utf8')).toMatch(/<testsuites tests="\d+" failures="0"/);
  expect(await readFile(o.html, 'utf8')).toContain('conformant');
  expect((await readFile(o.record, 'utf8')).trim().split('\n')).toHaveLength(notifications);
  return took;
}

/** Starts `npx --no cpn-kit ARGS` from the repository, its output to `log`, through a shell. */
function npxInShell(args: readonly string[], log: string, then = ''): ChildProcess {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const child = spawn('bash', ['-c', `npx --no cpn-kit ${quoted} >'${log}' 2>&1 ${then}`], {
    cwd: repo,
    env,
    stdio: 'ignore',
    detached: true,
  });
  children.push(child);
  return child;
}

describe('a run stopped the usual ways ends within 2 s, its reports written and its port free', () => {
  it('npx cpn-kit proxy … & then kill $! (SIGTERM to npm, which does not pass it on)', async () => {
    const o = await outputs('npx-kill');
    const npm = spawn('npx', ['--no', 'cpn-kit', ...proxyArgs(o)], {
      cwd: repo,
      env,
      detached: true,
    });
    children.push(npm);
    let printed = '';
    npm.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await within(15_000, 'listening', async () => /listening on \S+,/.test(printed));
    const url = /listening on (\S+),/.exec(printed)![1]!;
    await send(url, 3);
    expect((await readJson(o.json)).complete).toBe(false);
    npm.kill('SIGTERM');
    await expectEndedWithin2s(o, Number(new URL(url).port), 3);
  });

  it('Ctrl-C (SIGINT to the kit)', async () => {
    const o = await outputs('sigint');
    const kit = spawn(process.execPath, [cliPath, ...proxyArgs(o)], {
      env,
      stdio: 'pipe',
      detached: true,
    });
    children.push(kit);
    let printed = '';
    kit.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await within(10_000, 'listening', async () => /listening on \S+,/.test(printed));
    const url = /listening on (\S+),/.exec(printed)![1]!;
    await send(url, 2);
    kit.kill('SIGINT');
    await expectEndedWithin2s(o, Number(new URL(url).port), 2);
    await within(2_000, 'exit', async () => kit.exitCode !== null);
    expect(kit.exitCode).toBe(0);
  });

  it('timeout 10 npx cpn-kit proxy …', async () => {
    const o = await outputs('timeout');
    await mkdir(o.folder, { recursive: true });
    const timed = spawn(
      'bash',
      [
        '-c',
        // 10 s: npx, the kit and then a CLI send all start within it, on a busy runner too.
        `timeout 10 npx --no cpn-kit ${proxyArgs(o)
          .map((a) => `'${a}'`)
          .join(' ')} >'${o.log}' 2>&1`,
      ],
      { cwd: repo, env, stdio: 'ignore', detached: true },
    );
    children.push(timed);
    const url = await listeningUrl(o.log);
    await send(url, 1);
    await within(16_000, 'timeout returned', async () => timed.exitCode !== null);
    await expectEndedWithin2s(o, Number(new URL(url).port), 1);
  });

  it('the CI script that started it in the background exits', async () => {
    const o = await outputs('parent-exits');
    await mkdir(o.folder, { recursive: true });
    const go = join(o.folder, 'go');
    const script = npxInShell(proxyArgs(o), o.log, `& until [ -e '${go}' ]; do sleep 0.1; done`);
    const url = await listeningUrl(o.log);
    await send(url, 2);
    await writeFile(go, '');
    await within(6_000, 'the script exited', async () => script.exitCode !== null);
    await expectEndedWithin2s(o, Number(new URL(url).port), 2);
  });
});

describe('SIGKILL loses at most the last second', () => {
  it('the proxy: the report of a second before (incomplete), every answered exchange recorded', async () => {
    const o = await outputs('sigkill');
    const kit = spawn(process.execPath, [cliPath, ...proxyArgs(o)], {
      env,
      stdio: 'pipe',
      detached: true,
    });
    children.push(kit);
    let printed = '';
    kit.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await within(10_000, 'listening', async () => /listening on \S+,/.test(printed));
    const url = /listening on (\S+),/.exec(printed)![1]!;
    await send(url, 10);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    kit.kill('SIGKILL');
    const report = await readJson(o.json);
    expect(report).toMatchObject({ complete: false, passed: false });
    expect(report.findings[0]).toMatchObject({ id: 'run-complete', status: 'fail' });
    expect(report.findings.find((f) => f.id === 'notifications')?.summary).toMatch(
      /^10 notifications: 10 delivered/,
    );
    const recorded = (await readFile(o.record, 'utf8')).trim().split('\n');
    expect(
      recorded.map((line) => (JSON.parse(line) as { answer: { status: number } }).answer.status),
    ).toEqual(Array(10).fill(200));
  });

  it('receive --record: every notification the sender saw acknowledged is in the recording', async () => {
    const o = await outputs('receive-sigkill');
    const kit = spawn(process.execPath, [cliPath, 'receive', '--port', '0', '--record', o.record], {
      env,
      stdio: 'pipe',
      detached: true,
    });
    children.push(kit);
    let printed = '';
    kit.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await within(10_000, 'listening', async () => /listening on \S+/.test(printed));
    const url = /listening on (\S+)/.exec(printed)![1]!;
    const sending = runCli([
      'send',
      '--uri',
      url,
      '--count',
      '3000',
      '--pool-size',
      '4',
      '--quiet',
    ]);
    await within(10_000, 'some recorded', async () => (await stat(o.record)).size > 100_000);
    kit.kill('SIGKILL');
    const sent = await sending;
    const delivered = Number(/(\d+) delivered/.exec(sent.stdout)?.[1]);
    expect(delivered).toBeGreaterThan(0);
    const lines = (await readFile(o.record, 'utf8')).split('\n').filter(Boolean);
    const acknowledged = lines.filter(
      (l) => (JSON.parse(l) as { answer: { status: number } }).answer.status === 200,
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(delivered);
  });
});

describe('a check stopped mid-run writes a partial report that says so, and does not exit 0', () => {
  /** Starts `cpn-kit ARGS` in its own process group and resolves with its exit once signalled. */
  function startKit(args: readonly string[]) {
    const kit = spawn(process.execPath, [cliPath, ...args], { env, stdio: 'pipe', detached: true });
    children.push(kit);
    const exited = new Promise<number | null>((resolve) => kit.on('exit', (code) => resolve(code)));
    return { kit, exited };
  }

  it('check-sender --exec: SIGTERM; its --exec senders are stopped, the report names what was judged', async () => {
    const o = await outputs('check-sender');
    // A header of this run's own, so that the look for leftovers below finds this run's senders only
    // (other test files run `cpn-kit send` at the same time).
    const mark = `x-stopping-run: ${randomUUID()}`;
    const sender =
      `"${process.execPath}" "${cliPath}" send --uri "$CPN_URL" --count "$CPN_COUNT" ` +
      `--retry-max-attempts "$CPN_RETRY_MAX_ATTEMPTS" --response-timeout "$CPN_RESPONSE_TIMEOUT" ` +
      `--header "${mark}"`;
    const { kit, exited } = startKit([
      'check-sender',
      '--exec',
      sender,
      '--response-timeout',
      '2',
      '--retry-max-attempts',
      '1',
      '--concurrency',
      '2',
      '--json',
      o.json,
      '--junit',
      o.junit,
    ]);
    await within(15_000, 'a scenario judged', async () =>
      (await readJson(o.json)).findings.some((f) => f.status === 'pass'),
    );
    kit.kill('SIGTERM');
    const started = performance.now();
    const code = await exited;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(code).toBe(1);
    const report = await readJson(o.json);
    expect(report).toMatchObject({
      complete: false,
      passed: false,
      incomplete: 'interrupted: SIGTERM',
    });
    expect(report.findings.filter((f) => f.status === 'pass').length).toBeGreaterThan(0);
    expect(
      report.findings.filter((f) => /^not run: the run was interrupted/.test(f.summary)).length,
    ).toBeGreaterThan(0);
    // No --exec sender of the run is left behind (each ran in its own process group).
    const left = await new Promise<string>((resolve) => {
      const ps = spawn('ps', ['-eo', 'args'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      ps.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      ps.on('close', () => resolve(out));
    });
    expect(left.split('\n').filter((l) => l.includes(cliPath) && l.includes(mark))).toEqual([]);
  });

  it('check-receiver against a receiver that never answers: SIGINT; partial report, exit 1', async () => {
    const o = await outputs('check-receiver');
    const hung = await import('../corpus/receivers/hung.js').then((m) => m.start());
    try {
      const { kit, exited } = startKit([
        'check-receiver',
        hung.url,
        '--response-timeout',
        '10',
        '--json',
        o.json,
      ]);
      await within(
        15_000,
        'a first report',
        async () => (await readJson(o.json)).complete === false,
      );
      kit.kill('SIGINT');
      const started = performance.now();
      expect(await exited).toBe(1);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(await readJson(o.json)).toMatchObject({
        complete: false,
        incomplete: 'interrupted: SIGINT',
      });
    } finally {
      await hung.close();
    }
  });
});

describe('outputs that cannot be written', () => {
  it('refused at start with exit 2, naming the flag: a folder, a path under a file, one file twice', async () => {
    const o = await outputs('refused');
    await mkdir(o.folder, { recursive: true });
    const folder = await runCli([
      'proxy',
      '--target',
      crm.url,
      '--listen',
      '127.0.0.1:0',
      '--record',
      o.folder,
    ]);
    expect(folder).toMatchObject({ code: 2, stdout: '' });
    expect(folder.stderr).toBe(
      `cpn-kit: --record: cannot write ${o.folder}: it is a folder (EISDIR)\n`,
    );
    const underFile = await runCli([
      'proxy',
      '--target',
      crm.url,
      '--listen',
      '127.0.0.1:0',
      '--json',
      join(cliPath, 'r.json'),
    ]);
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toMatch(
      /^cpn-kit: --json: cannot write .*main\.js\/r\.json: .*ENOTDIR|EEXIST/,
    );
    const twice = await runCli([
      'proxy',
      '--target',
      crm.url,
      '--record',
      o.json,
      '--json',
      o.json,
    ]);
    expect(twice).toMatchObject({ code: 2 });
    expect(twice.stderr).toBe(
      `cpn-kit: --record and --json: both name ${o.json}; give each output a file of its own\n` +
        '(run cpn-kit proxy --help for usage)\n',
    );
    const receive = await runCli(['receive', '--port', '0', '--record', o.folder]);
    expect(receive.code).toBe(2);
    expect(receive.stderr).toContain(`--record: cannot write ${o.folder}: it is a folder (EISDIR)`);
  });

  it('a recording that fails later (a full device): said at once, the run goes on, exit 2', async () => {
    const o = await outputs('full');
    const kit = spawn(
      process.execPath,
      [cliPath, ...proxyArgs(o).map((a) => (a === o.record ? '/dev/full' : a)), '--duration', '3'],
      { env, stdio: 'pipe', detached: true },
    );
    children.push(kit);
    let printed = '';
    kit.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await within(10_000, 'listening', async () => /listening on \S+,/.test(printed));
    await send(/listening on (\S+),/.exec(printed)![1]!, 2);
    expect(printed).toContain(
      'cpn-kit: --record: cannot write /dev/full: no space left on the device (ENOSPC); the run goes on',
    );
    await within(6_000, 'exit', async () => kit.exitCode !== null);
    expect(kit.exitCode).toBe(2);
    const report = await readJson(o.json);
    expect(report.findings.find((f) => f.id === 'recording')).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(
        /^2 exchanges could not be written to \/dev\/full: no space left/,
      ) as unknown,
    });
  });
});

describe('a run that saw nothing is not conformant', () => {
  it('exit 1, "nothing observed"; --allow-empty makes it 0', async () => {
    const args = ['proxy', '--target', crm.url, '--listen', '127.0.0.1:0', '--duration', '0.5'];
    const empty = await runCli(args);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(
      /: incomplete \(nothing observed: no notification reached the proxy\)/,
    );
    expect((await runCli([...args, '--allow-empty'])).code).toBe(0);
  });
});
