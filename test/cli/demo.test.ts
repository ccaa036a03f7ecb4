import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = `${root}dist/cli/main.js`;

beforeAll(async () => {
  if (!existsSync(cli)) await run('npm', ['run', 'build'], { cwd: root });
}, 120_000);

describe('cpn-kit demo, run as a user runs it', () => {
  it('proves receiver, sender and a batch on loopback, exits 0, and colours nothing off a terminal', async () => {
    const { stdout } = await run(process.execPath, [cli, 'demo'], {
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
  }, 90_000);

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
