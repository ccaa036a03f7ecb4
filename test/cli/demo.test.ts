import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHtmlPage } from './htmlPage.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = `${root}dist/cli/main.js`;

beforeAll(async () => {
  if (!existsSync(cli)) await run('npm', ['run', 'build'], { cwd: root });
}, 120_000);

describe('cpn-kit demo, run as a user runs it', () => {
  it(
    'proves receiver, sender and a batch on loopback, exits 0, colours nothing off a terminal, ' +
      'and puts its three reports on one --html page',
    async () => {
      const html = join(await mkdtemp(join(tmpdir(), 'cpn-demo-')), 'html', 'demo.html');
      const { stdout } = await run(process.execPath, [cli, 'demo', '--html', html], {
        cwd: root,
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' },
      });
      expect(stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/notifications/);
      // Three reports, each conformant, each with its check lines.
      expect(stdout.match(/: conformant \(\d+ passed, 0 failed/g)).toHaveLength(3);
      expect(stdout).toMatch(/PASS pact-a-duplicate-delivery/);
      expect(stdout).toMatch(/PASS redirect-307: 1 attempt/);
      expect(stdout).toMatch(
        /PASS batch-accepted-once: 200 distinct notifications reached onNotification/,
      );
      expect(stdout).not.toMatch(/FAIL/);
      expect(stdout).toMatch(/What this proved:/);
      expect(stdout).not.toMatch(/\x1b\[/);
      const page = await readHtmlPage(html);
      expect(page.html).toContain(
        '<title>cpn-kit report: check-receiver, check-sender, send</title>',
      );
      expect(page.html.match(/<section class="report"/g)).toHaveLength(3);
      expect(page.marks('check-receiver', 'duplicate-acknowledged')).toBe(2);
      expect(page.marks('check-sender', 'error-500-then-200')).toBe(2);
      expect(page.finding('send', 'batch-accepted-once')).toContain('200 distinct notifications');
    },
    90_000,
  );

  it('colours its lines when forced, and NO_COLOR wins over that', async () => {
    const forced = await run(process.execPath, [cli, 'demo'], {
      cwd: root,
      timeout: 60_000,
      env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' },
    });
    expect(forced.stdout).toMatch(/\x1b\[32mPASS/);
    const both = await run(process.execPath, [cli, 'demo'], {
      cwd: root,
      timeout: 60_000,
      env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    expect(both.stdout).not.toMatch(/\x1b\[/);
  }, 120_000);
});
