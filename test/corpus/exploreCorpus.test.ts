/**
 * check-receiver --explore against the corpus receivers the fixed checks pass (they are in the
 * corpus as conformant, and receiverCorpus.test.ts holds them to it): generated requests find each
 * one's defect, shrunk to the smallest body, reported with the seed that replays it, a curl command
 * and a recording line; the same seed finds the same again.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReceiver } from '../../src/checks/receiver/checkReceiver.js';
import { fixtures } from '../../src/message/fixtures.js';
import { readRecording } from '../../src/record/readRecording.js';
import type { Finding, Report } from '../../src/report/Report.js';
import { receiverCorpus } from './receivers/receiverCorpus.js';

const SEED = 20_261_124;
/** The message every valid probe changes: the mandatory fields with the schema's examples. */
const base: Record<string, unknown> = fixtures['mandatory-only'].message;
const explored = receiverCorpus.filter((entry) => entry.explore !== undefined);

/** The body a failing explore finding quotes as its smallest one. */
const smallestBody = (finding: Finding) =>
  /^smallest failing body \(\d+ bytes\): (.*)$/.exec(finding.details![0]!)![1]!;

/** A finding without what differs from run to run: durations, times in the recording line. */
const stable = ({ durationMs: _d, timeline: _t, details, ...rest }: Finding) => ({
  ...rest,
  details: details?.filter((line) => !line.startsWith('recording line')),
});

const exploreFindings = (report: Report) =>
  report.findings.filter((f) => f.id.startsWith('explore-'));

describe('check-receiver --explore finds what the fixed checks do not (corpus receivers)', () => {
  it('finds a defect in at least three corpus receivers', () => {
    expect(explored.map((e) => e.name).length).toBeGreaterThanOrEqual(3);
  });

  for (const entry of explored) {
    it(`${entry.name}: passes the fixed checks, fails ${Object.keys(entry.explore!).join(', ')}`, async () => {
      const receiver = await entry.start();
      const dir = await mkdtemp(join(tmpdir(), 'cpn-explore-'));
      try {
        const fixed = await checkReceiver({ url: receiver.url, responseTimeout: 5 });
        // Without a handled count the exactly-once checks are SKIPs by design; nothing else may be.
        expect(
          fixed.findings.filter(
            (f) =>
              f.status !== 'pass' && !(f.status === 'skip' && f.id.startsWith('exactly-once-')),
          ),
        ).toEqual([]);

        // Bounded by runs only (the time limit would end a property sooner on a busy machine, and
        // the same seed must give the same findings).
        const bounds = { seed: SEED, timeMs: 600_000 };
        const options = { url: receiver.url, responseTimeout: 5, explore: bounds };
        const report = await checkReceiver(options);
        const explore = exploreFindings(report);
        const failing = explore.filter((f) => f.status === 'fail');
        expect(failing.map((f) => f.id).sort(), entry.why).toEqual(
          Object.keys(entry.explore!).sort(),
        );
        expect(explore.filter((f) => f.status !== 'fail').every((f) => f.status === 'pass')).toBe(
          true,
        );
        for (const finding of failing) {
          expect(finding.summary).toMatch(entry.explore![finding.id]!);
          // The smallest body: valid JSON, sent as the curl command and the recording line say.
          const body = smallestBody(finding);
          // Shrunk: the smallest valid message with one change (its GUID follows its content).
          const message = JSON.parse(body) as Record<string, unknown>;
          const changed = Object.keys({ ...base, ...message }).filter(
            (key) => key !== 'GSW_MESSAGE_GUID' && message[key] !== base[key],
          );
          expect(changed, finding.summary).toHaveLength(1);
          expect(finding.summary).toContain(`(${changed[0]} `);
          expect(finding.curl).toContain(`--data-binary '${body.replace(/'/g, "'\\''")}'`);
          expect(finding.details!.join('\n')).toContain(`--explore --seed ${SEED}`);
          expect(finding.timeline?.exchanges.at(-1)?.request?.body).toBe(body);
          const line = finding.details!.find((d) => d.startsWith('recording line'))!;
          const file = join(dir, `${finding.id}.ndjson`);
          await writeFile(file, `${line.slice(line.indexOf('{"v":1'))}\n`);
          const recorded = [];
          for await (const exchange of readRecording(file)) recorded.push(exchange);
          expect(recorded).toHaveLength(1);
          expect(recorded[0]!.request.body).toBe(body);
        }

        // The same seed, the same findings (the receiver remembers nothing that changes its answers).
        const again = await checkReceiver(options);
        expect(exploreFindings(again).map(stable)).toEqual(explore.map(stable));
      } finally {
        await receiver.close();
        await rm(dir, { recursive: true, force: true });
      }
    }, 60_000);
  }
});
