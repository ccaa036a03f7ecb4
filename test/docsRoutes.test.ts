/**
 * The in-test routes of the documentation (MSW scenarios in docs/sender.md, checkReceiver and Pact's
 * Verifier in docs/receiver.md) fail on a faulty app or sender, naming the fault: each route's block
 * is run with the reader's module replaced by one with a fault (test/readme-support/faults.json).
 * Apart from readme.test.ts, which runs every example as it is, so that the two run side by side.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  faults,
  root,
  routeOf,
  runBlock,
  runnable,
  standIns,
  where,
} from './readme-support/docBlocks.js';

/** Where the faulty variants are written: beside test/readme-support, as the examples are. */
const workDir = `${root}test/readme-routes/`;

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('the in-test routes of the documentation fail on a faulty app or sender, naming the fault', () => {
  const routes = runnable.filter(
    (b) => /from 'vitest'/.test(b.code) && routeOf(b.code) !== undefined,
  );

  it('are, in order: MSW scenarios (sender.md), checkReceiver, then Pact’s Verifier set up by the kit', () => {
    expect(routes.map((b) => `${b.file} ${routeOf(b.code)}`)).toEqual([
      'docs/receiver.md checkReceiver',
      'docs/receiver.md verifier',
      'docs/sender.md msw',
    ]);
  });

  for (const block of routes) {
    for (const fault of faults.filter((f) => f.route === routeOf(block.code))) {
      it(`the ${fault.route} route at ${where(block)} fails with ${fault.module}`, async () => {
        expect(block.code).toContain(`from '${fault.replaces}'`);
        const result = await runBlock(
          block,
          { ...standIns, [`'${fault.replaces}'`]: `'../readme-support/${fault.module}.js'` },
          fault.module,
          {},
          workDir,
        );
        expect(result.ok, result.output).toBe(false);
        expect(result.output).toMatch(fault.expected);
        // It failed because of the fault, at once: not by running into its time limit.
        expect(result.output).not.toMatch(/Test timed out in \d+ms/);
      }, 150_000);
    }
  }
});
