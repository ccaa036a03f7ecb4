import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildContactProcessed } from '../../src/message/buildContactProcessed.js';
import { createSender } from '../../src/sender/createSender.js';
import { testCertificate } from '../sender/testCertificate.js';
import { freeLoopbackPort } from '../support/loopback.js';
import { readHtmlPage } from './htmlPage.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const defective = fileURLToPath(new URL('../checks/sender/defectiveSender.ts', import.meta.url));

function start(args: string[]) {
  const child = spawn(process.execPath, [cli, 'check-sender', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done, stderr: () => stderr };
}
const run = (args: string[]) => start(args).done;

const referenceSender =
  `"${process.execPath}" "${cli}" send --uri "$CPN_URL" --count ` +
  `"$CPN_COUNT" --retry-max-attempts "$CPN_RETRY_MAX_ATTEMPTS" --response-timeout "$CPN_RESPONSE_TIMEOUT"`;

describe('cpn-kit check-sender (child process)', () => {
  it(
    'passes the reference sender run with --exec once per scenario: one line per scenario, its ' +
      'exit status judged, JSON, JUnit and HTML reports (the attempts of each scenario as a timeline)',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'cpn-check-sender-'));
      const result = await run([
        '--exec',
        referenceSender,
        '--retry-max-attempts',
        '2',
        '--response-timeout',
        '1',
        '--json',
        join(dir, 'r.json'),
        '--junit',
        join(dir, 'r.xml'),
        '--html',
        join(dir, 'html', 'r.html'),
      ]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const lines = result.stdout.trim().split('\n');
      for (const id of [
        'ok-200',
        'ok-204',
        'error-500-then-200',
        'error-503-always',
        'no-answer-then-200',
        'no-answer-always',
        'error-500-then-no-answer',
        'reset-then-200',
        'redirect-301',
        'redirect-308',
        'client-error-400',
        'too-many-requests-429',
        'slow-within-timeout',
      ]) {
        expect(lines.some((l) => l.startsWith(`PASS ${id}: `))).toBe(true);
      }
      expect(result.stdout).toMatch(
        /^PASS error-503-always: 3 attempts \(answered 503; answered 503; answered 503\), reported failed as expected$/m,
      );
      expect(result.stdout).toMatch(
        /^PASS redirect-302: 1 attempt \(answered 302 with Location http:\/\/127\.0\.0\.1:\d+\/cpn\/__redirect-target\/redirect-302\), reported failed as expected$/m,
      );
      expect(result.stdout).not.toMatch(/sender-process/);
      const json = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as {
        passed: boolean;
        command: string;
        findings: { id: string }[];
      };
      expect(json).toMatchObject({ passed: true, command: 'check-sender' });
      expect(json.findings).toHaveLength(19);
      const xml = await readFile(join(dir, 'r.xml'), 'utf8');
      expect(xml).toContain('<testsuite');
      expect(xml).toContain('no-answer-then-200');
      const page = await readHtmlPage(join(dir, 'html', 'r.html'));
      expect(page.html).toContain('<title>cpn-kit report: check-sender</title>');
      // One row per attempt the scenario recorded, all as a conforming sender makes them.
      expect(page.marks('check-sender', 'error-500-then-200')).toBe(2);
      expect(page.marks('check-sender', 'error-503-always')).toBe(3);
      expect(page.marks('check-sender', 'no-answer-always')).toBe(3);
      expect(page.marks('check-sender', 'ok-200')).toBe(1);
      expect(page.html).not.toContain('attempt-bad');
    },
  );

  it('serves HTTPS with --tls-cert/--tls-key; the reference sender trusting it with --ca passes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-check-sender-tls-'));
    const pems = await testCertificate();
    await writeFile(join(dir, 'cert.pem'), pems.cert);
    await writeFile(join(dir, 'key.pem'), pems.key);
    const result = await run([
      '--tls-cert',
      join(dir, 'cert.pem'),
      '--tls-key',
      join(dir, 'key.pem'),
      '--scenario',
      'ok-200,reset-then-200',
      '--retry-max-attempts',
      '1',
      '--response-timeout',
      '1',
      '--exec',
      `${referenceSender} --ca "${join(dir, 'cert.pem')}"`,
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^PASS reset-then-200: 2 attempts/m);
    const missing = await run(['--tls-cert', join(dir, 'cert.pem'), '--duration', '1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--tls-cert and --tls-key: give both/);
  });

  it('fails a sender that follows redirects, exit 1', async () => {
    const result = await run([
      '--exec',
      `"${process.execPath}" --import tsx "${defective}" follows-redirects`,
      '--retry-max-attempts',
      '2',
      '--response-timeout',
      '1',
      '--scenario',
      'ok-200,redirect-302',
      '--scenario',
      'error-500-then-200',
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^PASS ok-200: /m);
    expect(result.stdout).toMatch(
      /^FAIL redirect-302: followed the redirect: GET http:\/\/127\.0\.0\.1:\d+\/cpn\/__redirect-target\/redirect-302/m,
    );
    expect(result.stdout).toMatch(/^PASS error-500-then-200: /m);
    expect(result.stdout).not.toMatch(/redirect-301/);
  });

  it('without --exec, serves on --listen and judges what arrives (e.g. a real OCS)', async () => {
    const port = await freeLoopbackPort();
    const proc = start([
      '--listen',
      `127.0.0.1:${port}`,
      '--scenario',
      'ok-200,error-503-always',
      '--retry-max-attempts',
      '1',
      '--response-timeout',
      '1',
      '--duration',
      '20',
    ]);
    for (let i = 0; i < 100 && !proc.stderr().includes('serving'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(proc.stderr()).toContain(`serving 2 scenarios at http://127.0.0.1:${port}/cpn`);
    const sender = createSender({
      uri: `http://127.0.0.1:${port}/cpn`,
      retryMaxAttempts: 1,
      responseTimeout: 1,
    });
    await sender.send(buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() }));
    await sender.send(buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() }));
    await sender.close();
    const result = await proc.done;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // A real OCS keeps its outcomes to itself: the wire is judged, and the finding says what it cannot see.
    expect(result.stdout).toMatch(
      /^PASS error-503-always: 2 attempts \(answered 503; answered 503\): what a conforming sender does on the wire \(given up\); outcome not observable \(a sender outside the check/m,
    );
    expect(result.stdout).not.toMatch(/as expected/);
  });

  it('a sender that crashes is not a pass: exit 1, its error shown once, first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-check-sender-crash-'));
    const result = await run([
      '--exec',
      `"${process.execPath}" "${join(dir, 'missing.js')}"`,
      '--response-timeout',
      '1',
      '--scenario',
      'ok-200,redirect-302,client-error-400',
    ]);
    expect(result.code, result.stdout).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      'FAIL sender-process: the sender sent nothing in any of its 3 runs (exited with code 1)',
    );
    expect(result.stdout).toMatch(/^ {5}- sender: Error: Cannot find module '.*missing\.js'/m);
    expect(result.stdout.match(/Cannot find module/g)).toHaveLength(1);
    expect(result.stdout).toMatch(
      /^FAIL redirect-302: no notification arrived for this scenario \(the sender exited with code 1\)$/m,
    );
  });

  it(
    '--once runs the command once for the whole catalog; the outcomes are then not observable, ' +
      'never "as expected"',
    async () => {
      const result = await run([
        '--once',
        '--exec',
        referenceSender,
        '--retry-max-attempts',
        '1',
        '--response-timeout',
        '1',
        '--scenario',
        'ok-200,error-500-then-200,redirect-307',
      ]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        /^PASS error-500-then-200: 2 attempts \(answered 500; answered 200\): what a conforming sender does on the wire \(delivered\); outcome not observable \(the sender ran once for every scenario/m,
      );
      expect(result.stdout).not.toMatch(/as expected/);
    },
  );

  it('fails a scenario no notification reached when --duration passes', async () => {
    const result = await run([
      '--scenario',
      'ok-200',
      '--duration',
      '0.5',
      '--response-timeout',
      '1',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL ok-200: no notification arrived/m);
  });

  it('on Ctrl-C stops and takes the --exec command (its whole process group) down with it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-check-sender-'));
    const pidFile = join(dir, 'pid');
    const proc = start([
      '--exec',
      `echo $$ > "${pidFile}"; exec sleep 30`,
      '--response-timeout',
      '1',
    ]);
    let pid = 0;
    for (let i = 0; i < 100 && !pid; i++) {
      await new Promise((r) => setTimeout(r, 50));
      pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
    }
    expect(pid).toBeGreaterThan(0);
    proc.child.kill('SIGINT');
    const result = await proc.done;
    expect(result.code).not.toBe(0);
    let alive = true;
    for (let i = 0; i < 40 && alive; i++) {
      try {
        process.kill(pid, 0);
        await new Promise((r) => setTimeout(r, 50));
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  });

  it.each([
    [['--listen', 'localhost'], /--listen: expected HOST:PORT such as 127\.0\.0\.1:8080/],
    [
      ['--response-timeout', '0'],
      /--response-timeout: expected a number of seconds greater than 0, e\.g\. 10, found "0"/,
    ],
    [
      ['--retry-max-attempts', 'two'],
      /--retry-max-attempts: expected an integer 0 or more, found "two"/,
    ],
    [['--scenario', 'ok-200,teapot'], /--scenario: expected one of ok-200, .*, found "teapot"/],
    [['--retry-applies-to', 'sometimes'], /--retry-applies-to: expected a comma-separated list/],
    [['--exec', '   '], /--exec: expected a command, found an empty string/],
    [['--once'], /--once: runs the --exec command once for every scenario; give --exec/],
    [
      ['--exec', 'true', '--concurrency', '0'],
      /--concurrency: expected an integer 1 or more, found "0"/,
    ],
  ])('exits 2 on %j', async (args, message) => {
    const result = await run([...args, '--duration', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
