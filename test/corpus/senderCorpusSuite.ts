/**
 * check-sender, run as a user runs it (the built CLI, a child process, `--exec` once per scenario),
 * against senders written on real HTTP clients with their usual settings: each gets its verdict and
 * exactly its failing findings, each named by the defect the library really has. The corpus runs as
 * two test files, senderCorpus.test.ts and senderCorpusPart2.test.ts, a half each, side by side.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { debianPackage, needing, type Missing } from '../support/requirement.js';
import type { Report } from '../../src/report/Report.js';
import { runCli } from '../cli/runCli.js';
import { senderCorpus, type SenderRequirement } from './senders/senderCorpus.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What of a requirement is missing on this machine (.ci/run installs them; see itNeeding). */
function missing(requirement: SenderRequirement | undefined): Missing | undefined {
  if (requirement === undefined) return undefined;
  try {
    if (requirement === 'python3-requests')
      execFileSync('/usr/bin/python3', ['-c', 'import requests'], { stdio: 'ignore' });
    if (requirement === 'curl') execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return debianPackage(requirement, false);
  }
}

/** The corpus's first half (part 1) or second half (part 2). */
export function senderCorpusPart(part: 1 | 2) {
  const half = Math.ceil(senderCorpus.length / 2);
  return part === 1 ? senderCorpus.slice(0, half) : senderCorpus.slice(half);
}

/** The corpus part's senders, each judged by check-sender as a user runs it. */
export function senderCorpusSuite(part: 1 | 2): void {
  const title =
    'check-sender against senders on real HTTP clients (child process, --exec per scenario)';
  describe(`${title}, part ${part}`, () => {
    for (const entry of senderCorpusPart(part)) {
      const expected = Object.keys(entry.expectedFailures).sort();
      needing(missing(entry.requires)).it(
        `${entry.name}: ${entry.conformant ? 'conformant' : expected.join(', ')}`,
        async () => {
          const dir = await mkdtemp(join(tmpdir(), 'cpn-sender-corpus-'));
          const result = await runCli(
            [
              'check-sender',
              '--exec',
              entry.command,
              '--json',
              join(dir, 'report.json'),
              ...entry.flags,
            ],
            { cwd: root, timeoutMs: 90_000 },
          );
          const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
          const shown = `${result.stdout}${result.stderr}`;
          expect(result.code, shown).toBe(entry.conformant ? 0 : 1);
          const failed = report.findings.filter((f) => f.status === 'fail');
          expect(failed.map((f) => f.id).sort(), shown).toEqual(expected);
          for (const finding of failed)
            expect(finding.summary, `${finding.id}\n${shown}`).toMatch(
              entry.expectedFailures[finding.id]!,
            );
          expect(
            report.findings.filter((f) => f.status === 'skip'),
            shown,
          ).toEqual([]);
          const warned = report.findings.filter((f) => f.status === 'warn');
          const warnings = entry.expectedWarnings ?? {};
          expect(warned.map((f) => f.id).sort(), shown).toEqual(Object.keys(warnings).sort());
          for (const finding of warned)
            expect(finding.summary, `${finding.id}\n${shown}`).toMatch(warnings[finding.id]!);
        },
        120_000,
      );
    }
  });
}
