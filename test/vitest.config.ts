import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { ciSkipGuard } from './support/ciSkipGuard.js';
import { inCi } from './support/requirement.js';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Four files at once on two cores: most tests wait on sockets, timers and child processes rather
    // than compute, and the checks are built to judge right on a busy runner (senderUnderLoad.test.ts
    // loads every core on purpose). 2 workers: about 5.5 min; 4: about 3.3 min (1 191 tests). Six
    // took 3 min, but the tests that start npx and a CLI send within a few seconds of each other
    // failed once in each of two CI runs: too busy a runner for them.
    maxWorkers: Number(process.env.CPN_TEST_WORKERS ?? 4),
    // Under CI=true a skipped test fails the run (test/support/ciSkipGuard.ts).
    reporters: inCi ? ['default', ciSkipGuard()] : ['default'],
  },
});
