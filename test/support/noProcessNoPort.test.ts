import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const guard = fileURLToPath(new URL('./noProcessNoPort.ts', import.meta.url));

/** Runs `code` (an ES module) in a fresh Node with the guard of test:unit loaded first. */
function underGuard(code: string) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', guard, '--input-type=module', '-e', code],
    { encoding: 'utf8', timeout: 20_000 },
  );
}

describe('the guard of npm run test:unit', () => {
  it.each([
    ["import { createServer } from 'node:http'; createServer().listen(0);", /opens a port/],
    [
      "await fetch('http://127.0.0.1:4999/').catch((e) => { throw e.cause; });",
      /connects to a port/,
    ],
    [
      "import { execFileSync } from 'node:child_process'; execFileSync('true');",
      /starts a process/,
    ],
  ])('refuses %s', (code, refusal) => {
    const run = underGuard(code);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(refusal);
  });

  it('lets a test that needs neither run', () => {
    const run = underGuard('console.log(JSON.stringify({ ok: [1, 2].length }));');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('{"ok":2}');
  });
});
