/**
 * The reporter that makes a skip a failure under CI=true: a run that skipped any test exits 1,
 * naming each one. The tests that need a Debian package or the registry already fail in CI instead
 * of skipping (test/support/requirement.ts); this catches every other skip, so no CI run is green
 * for tests that did not run. Added by test/vitest.config.ts under CI=true only.
 */
import type { Reporter, TestModule } from 'vitest/node';

export function ciSkipGuard(): Reporter {
  return {
    onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
      const skipped = testModules.flatMap((module) =>
        [...module.children.allTests('skipped')].map(
          (test) => `${module.relativeModuleId} > ${test.fullName}`,
        ),
      );
      if (skipped.length === 0) return;
      const count = skipped.length === 1 ? '1 test was' : `${skipped.length} tests were`;
      process.stderr.write(
        `\nCI=true: ${count} skipped, and a skipped test proves nothing:\n` +
          `${skipped.map((name) => `  - ${name}`).join('\n')}\n`,
      );
      process.exitCode = 1;
    },
  };
}
