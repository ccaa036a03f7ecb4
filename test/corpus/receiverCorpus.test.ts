/**
 * check-receiver, run as a user runs it (the built CLI, a child process), against receivers written
 * on real frameworks the way teams write them: each gets its verdict, exactly its failing findings,
 * the common cause first when every request shares one, every request sent once, and a slow or hung
 * receiver judged in bounded time.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { needing } from '../support/requirement.js';
import type { Report } from '../../src/report/Report.js';
import { runCli } from '../cli/runCli.js';
import { ONCE_FINDINGS, receiverCorpus } from './receivers/receiverCorpus.js';

/**
 * Requests one run sends: 10 contract requests, the duplicate state's first delivery, 2
 * duplicate-probe deliveries, 3 tolerance probes, 2 large notifications and 2 refusal probes (the
 * exactly-once checks send theirs only with --handled-count).
 */
const REQUESTS_PER_RUN = 20;

describe('check-receiver against receivers on real frameworks (child process)', () => {
  for (const entry of receiverCorpus) {
    needing(entry.missing?.()).it(
      `${entry.name}: ${entry.conformant ? 'conformant' : `fails ${entry.expect.failing.length} finding(s)`}`,
      async () => {
        const receiver = await entry.start();
        const dir = await mkdtemp(join(tmpdir(), 'cpn-corpus-'));
        try {
          const counted =
            entry.exactlyOnce === true ? ['--handled-count', receiver.handledCount!] : [];
          const result = await runCli(
            [
              'check-receiver',
              receiver.url,
              '--json',
              join(dir, 'report.json'),
              ...entry.flags,
              ...counted,
            ],
            { timeoutMs: 60_000 },
          );
          const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
          const byStatus = (status: string) =>
            report.findings
              .filter((f) => f.status === status)
              .map((f) => f.id)
              .sort();
          const shown = `${entry.why}\n${result.stdout}${result.stderr}`;
          expect(result.code, shown).toBe(entry.conformant ? 0 : 1);
          expect(byStatus('fail'), shown).toEqual([...entry.expect.failing].sort());
          // Without --handled-count, the exactly-once checks are SKIPs too.
          const once = entry.exactlyOnce === true ? [] : ONCE_FINDINGS;
          expect(byStatus('skip'), shown).toEqual(
            [...(entry.expect.skipped ?? []), ...once].sort(),
          );
          expect(byStatus('warn'), shown).toEqual([]);
          if (entry.expect.leading !== undefined) {
            expect(report.findings[0]!.id, shown).toBe(entry.expect.leadingId ?? 'common-cause');
            expect(report.findings[0]!.summary, shown).toMatch(entry.expect.leading);
          } else {
            expect(report.findings.map((f) => f.id)).not.toContain('common-cause');
          }
          // No request twice: redirects are never followed, by anything (Pact's Verifier included).
          expect(receiver.requests(), shown).toBe(entry.expect.requests ?? REQUESTS_PER_RUN);
          // A slow or hung receiver is judged in at most two response timeouts and 5 s.
          if (entry.expect.bounded === true) {
            const timeout = Number(entry.flags[entry.flags.indexOf('--response-timeout') + 1]);
            expect(report.durationMs, shown).toBeLessThanOrEqual((2 * timeout + 5) * 1000);
          }
        } finally {
          await receiver.close();
        }
      },
    );
  }
});
