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
    // Network tests bind loopback ports and child processes; two cores, so two workers.
    maxWorkers: Number(process.env.CPN_TEST_WORKERS ?? 2),
    // Under CI=true a skipped test fails the run (test/support/ciSkipGuard.ts).
    reporters: inCi ? ['default', ciSkipGuard()] : ['default'],
  },
});
