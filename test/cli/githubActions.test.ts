import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from 'ctrf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/Report.js';
import { runCli } from './runCli.js';

/** A receiver that acknowledges everything, garbage too, with an answer meant to break out of lines. */
const HOSTILE_ANSWER =
  'ok <img src=x onerror=alert(1)>\n::set-env name=EVIL::1\n[click](javascript:alert(1)) | s3cret';

let dir: string;
let server: Server;
let url: string;

/** The environment GitHub Actions gives a step (as documented for the runner), around `summary`. */
function actionsEnv(summary: string): Record<string, string> {
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    RUNNER_OS: 'Linux',
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpn-kit-gha-'));
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end(HOSTILE_ANSWER));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notifications`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('check-receiver on GitHub Actions', () => {
  it('annotates each failing finding, appends the job summary, and writes a CTRF file that validates', async () => {
    const summary = join(dir, 'summary.md');
    await writeFile(summary, '## an earlier step\n');
    const [json, ctrf] = [join(dir, 'r.json'), join(dir, 'r.ctrf.json')];
    const run = await runCli(
      ['check-receiver', url, '--header', 'X-Api-Token: s3cret', '--json', json, '--ctrf', ctrf],
      { env: actionsEnv(summary) },
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(await readFile(json, 'utf8')) as Report;
    const failing = report.findings.filter((finding) => finding.status === 'fail');
    expect(failing.length).toBeGreaterThan(1);

    // One ::error per failing finding, and no other workflow command, whatever the answers said.
    const commands = run.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(commands).toHaveLength(failing.length);
    for (const finding of failing) {
      const title = `cpn-kit check-receiver%3A ${finding.title.replace(/,/g, '%2C')}`;
      expect(commands.some((line) => line.startsWith(`::error title=${title}::`))).toBe(true);
    }
    expect(run.stdout).not.toContain('::set-env');

    // The summary is appended to the earlier step's, with the verdict, counts and failing findings.
    const markdown = await readFile(summary, 'utf8');
    expect(
      markdown.startsWith('## an earlier step\n### cpn-kit check-receiver: NOT conformant'),
    ).toBe(true);
    const count = (status: string) => report.findings.filter((f) => f.status === status).length;
    expect(markdown).toContain(
      `| ${count('pass')} | ${count('fail')} | ${count('warn')} | ${count('skip')} |`,
    );
    for (const finding of failing)
      expect(markdown).toContain(`(${finding.id.replace(/_/g, '\\_')})`);
    expect(markdown).not.toMatch(/<img|\]\(javascript/);

    // The CTRF file validates against CTRF's published schema and counts what the report counts.
    const document = JSON.parse(await readFile(ctrf, 'utf8')) as {
      results: { summary: { failed: number; tests: number }; tests: { status: string }[] };
    };
    const verdict = validate(document);
    expect(verdict.errors).toEqual([]);
    expect(verdict.valid).toBe(true);
    expect(document.results.summary.failed).toBe(failing.length);
    expect(document.results.summary.tests).toBe(report.findings.length);

    // The token sent with every request is in none of them.
    for (const text of [run.stdout, run.stderr, markdown, await readFile(ctrf, 'utf8')])
      expect(text).not.toContain('s3cret');
  });

  it('--no-ci-summary: no annotation, the job summary untouched', async () => {
    const summary = join(dir, 'quiet.md');
    await writeFile(summary, 'before\n');
    const run = await runCli(['check-receiver', url, '--no-ci-summary'], {
      env: actionsEnv(summary),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/^::/m);
    expect(await readFile(summary, 'utf8')).toBe('before\n');
  });

  it('off GitHub Actions nothing is annotated; an unwritable summary is said, the verdict kept', async () => {
    const elsewhere = await runCli(['check-receiver', url], { env: { GITHUB_ACTIONS: undefined } });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stdout).not.toMatch(/^::/m);
    const broken = await runCli(['check-receiver', url], { env: actionsEnv(dir) });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /cannot append the job summary to \$GITHUB_STEP_SUMMARY \(.*\): /,
    );
  });
});
