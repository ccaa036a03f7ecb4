/**
 * .ci/run, the kit's own CI, has no false green: a failed apt install stops the run (it was once
 * swallowed by an `echo`, and the tests that needed the packages became green skips), the tests run
 * with CI=true (where a skip is a failure), a skipped test is counted as failed in the line CI reads,
 * and a run that failed outside vitest's counts never reads "0 failed". Run against stand-ins for
 * apt-get, id, npm and the compatibility run on PATH, so nothing is installed or tested for real.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../.ci/run', import.meta.url));

interface Stand {
  /** apt-get's exit status. */
  readonly apt: number;
  /** What `npm test` prints, and its exit status. */
  readonly npmTest: { readonly output: string; readonly status: number };
  /** The compatibility run's exit status. */
  readonly compat?: number;
}

/** Runs .ci/run with stand-ins on PATH; its exit status, output, and what the stand-ins were asked. */
async function ciRun(stand: Stand) {
  const bin = await mkdtemp(join(tmpdir(), 'cpn-ci-run-'));
  const calls = join(bin, 'calls.log');
  const tool = async (name: string, body: string) => {
    await writeFile(join(bin, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(bin, name), 0o755);
  };
  await tool('id', 'echo 0');
  await tool('apt-get', `echo "apt-get $*" >> ${calls}; exit ${stand.apt}`);
  await tool(
    'npm',
    `echo "npm $* CI=$CI" >> ${calls}\n` +
      `if [ "$1" = test ]; then printf '%s\\n' '${stand.npmTest.output}'; exit ${stand.npmTest.status}; fi`,
  );
  // .ci/run calls `bash test/compat/run.sh`: this bash stands in for the compatibility run.
  await tool('bash', `echo "compat $*" >> ${calls}; exit ${stand.compat ?? 0}`);
  const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      '/bin/bash',
      [script],
      { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, CI: '' }, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    ),
  );
  const asked = await readFile(calls, 'utf8').catch(() => '');
  return { ...run, asked: asked.trim().split('\n') };
}

describe('.ci/run', () => {
  it('stops at once when apt-get cannot install the packages the tests need', async () => {
    const run = await ciRun({ apt: 100, npmTest: { output: '', status: 0 } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'ci: FAILED to install python3-requests python3-flask curl chromium redis-server with apt-get',
    );
    expect(run.asked.filter((line) => line.startsWith('npm'))).toEqual([]);
  });

  it('installs redis-server with the rest, and runs npm test with CI=true', async () => {
    const run = await ciRun({
      apt: 0,
      npmTest: { output: '      Tests  12 passed (12)', status: 0 },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.asked).toContain(
      'apt-get install -y -qq --no-install-recommends python3-requests python3-flask curl chromium redis-server',
    );
    expect(run.asked).toContain('npm test CI=true');
    expect(run.asked.filter((line) => line.startsWith('compat'))).toHaveLength(2);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('vitest: 12 passed, 0 failed, 0 skipped');
  });

  it('counts a skipped test as failed and fails the run', async () => {
    const run = await ciRun({
      apt: 0,
      npmTest: { output: '      Tests  10 passed | 2 skipped (12)', status: 0 },
    });
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      'vitest: 10 passed, 2 failed, 2 skipped (the skipped count as failed)',
    );
  });

  it('never reads "0 failed" when the run failed outside vitest (here: the compatibility run)', async () => {
    const run = await ciRun({
      apt: 0,
      npmTest: { output: '      Tests  12 passed (12)', status: 0 },
      compat: 1,
    });
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^vitest: 12 passed, 1 failed, 0 skipped \(/,
    );
  });
});
