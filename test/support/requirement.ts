/**
 * Tests that need something of the machine beyond Node and the devDependencies: a Debian package
 * (curl, chromium, python3-requests, python3-flask), or the npm registry. Where it is there, the test
 * runs. Where it is not, the test is skipped on a developer's machine, its title saying what is
 * missing and how to get it — but under `CI=true` it FAILS with that message: in CI a skip is a
 * green that proved nothing (.ci/run installs every package these tests need).
 */
import { describe, it, type TestFunction } from 'vitest';

/** Under CI a missing requirement is a failure, not a skip. */
export const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** What is missing, and how to get it: `python3-requests (apt-get install python3-requests)`. */
export interface Missing {
  readonly what: string;
  readonly install: string;
}

const because = (missing: Missing) =>
  `needs ${missing.what}, which is missing (${missing.install})`;

/** The failure a missing requirement is under CI. */
function missingInCi(missing: Missing): never {
  throw new Error(
    `${because(missing)}; under CI=true a test that cannot run fails instead of being skipped`,
  );
}

/** `it` and `describe` for tests that need what `missing` names (undefined: it is there). */
export function needing(missing: Missing | undefined) {
  return {
    it(title: string, test: TestFunction, timeoutMs?: number): void {
      if (missing === undefined) it(title, test, timeoutMs);
      else if (inCi) it(`${title} (${because(missing)})`, () => missingInCi(missing));
      else it.skip(`${title} (skipped: ${because(missing)})`, test, timeoutMs);
    },
    describe(title: string, body: () => void): void {
      if (missing === undefined) describe(title, body);
      else if (inCi) describe(title, () => it(because(missing), () => missingInCi(missing)));
      else describe.skip(`${title} (skipped: ${because(missing)})`, body);
    },
  };
}

/** A Debian package, missing when `present` says so. */
export const debianPackage = (name: string, present: boolean): Missing | undefined =>
  present ? undefined : { what: `Debian's ${name}`, install: `apt-get install ${name}` };
