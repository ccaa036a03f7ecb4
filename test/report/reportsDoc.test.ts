/**
 * docs/reports.md tells users what to call from code: every function it names as a call in a code
 * span (`` `name(…)` ``) must be one an entry point exports, or users are sent to a function they
 * cannot import.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import * as msw from '../../src/msw.js';
import * as pact from '../../src/pact.js';
import * as proxy from '../../src/proxy.js';

const doc = readFileSync(new URL('../../docs/reports.md', import.meta.url), 'utf8');
const exported = new Set([root, msw, pact, proxy].flatMap((entry) => Object.keys(entry)));

describe('docs/reports.md', () => {
  it('names as callable only functions an entry point exports', () => {
    const called = [
      ...new Set([...doc.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)\(/g)].map((m) => m[1]!)),
    ];
    expect(called.length).toBeGreaterThan(0);
    expect(called.filter((name) => !exported.has(name))).toEqual([]);
  });
});
