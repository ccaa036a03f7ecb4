/**
 * A test that cannot run for want of a Debian package or the registry is skipped on a developer's
 * machine, saying what is missing; under CI=true it fails with that message instead, and so does any
 * other skipped test (the run's reporter fails a CI run that skipped anything).
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'test', `requirement-probe-${process.pid}`);

const PROBE = `
import { expect, it } from 'vitest';
import { debianPackage, needing } from '../support/requirement.js';

needing(debianPackage('cpn-kit-no-such-package', false)).it('uses the package', () => {
  expect(1).toBe(1);
});
needing(debianPackage('cpn-kit-no-such-package', false)).describe('a suite that uses it', () => {
  it('runs', () => expect(1).toBe(1));
});
needing(undefined).it('needs nothing missing', () => expect(1).toBe(1));
`;

const PLAIN_SKIP = `
import { expect, it } from 'vitest';
it('runs', () => expect(1).toBe(1));
it.skip('was skipped by hand', () => expect(1).toBe(1));
`;

/** Runs vitest, with the kit's own configuration, on one file (relative to the root); its exit code and output. */
async function vitest(file: string, ci: boolean) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CI;
  if (ci) env.CI = 'true';
  for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--config',
        join(root, 'test/vitest.config.ts'),
        file,
      ],
      { cwd: root, env, timeout: 60_000 },
    );
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, output: `${stdout}${stderr}` };
  }
}

beforeAll(async () => {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'probe.test.ts'), PROBE);
  await writeFile(join(dir, 'plain.test.ts'), PLAIN_SKIP);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a test whose requirement is missing', () => {
  it('is skipped on a developer machine, its title saying what is missing and how to install it', async () => {
    const run = await vitest(relative(root, join(dir, 'probe.test.ts')), false);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Tests\s+1 passed \| 2 skipped \(3\)/);
  }, 90_000);

  it('fails under CI=true, with that message', async () => {
    const run = await vitest(relative(root, join(dir, 'probe.test.ts')), true);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/Tests\s+2 failed \| 1 passed \(3\)/);
    expect(run.output).toContain(
      "needs Debian's cpn-kit-no-such-package, which is missing (apt-get install " +
        'cpn-kit-no-such-package); under CI=true a test that cannot run fails instead of being skipped',
    );
  }, 90_000);
});

describe('any other skipped test', () => {
  it('passes a developer run', async () => {
    const run = await vitest(relative(root, join(dir, 'plain.test.ts')), false);
    expect(run.code, run.output).toBe(0);
  }, 90_000);

  it('fails a CI run, naming the test', async () => {
    const run = await vitest(relative(root, join(dir, 'plain.test.ts')), true);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain('CI=true: 1 test was skipped, and a skipped test proves nothing:');
    expect(run.output).toMatch(/plain\.test\.ts > was skipped by hand/);
  }, 90_000);
});
