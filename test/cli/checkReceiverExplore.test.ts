import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/Report.js';
import { start as startStatusNames } from '../corpus/receivers/expressStatusNames.js';
import { runCli } from './runCli.js';

describe('cpn-kit check-receiver --explore (child process)', () => {
  it('fails a receiver the fixed checks pass, with the smallest body, and its recording line replays', async () => {
    const receiver = await startStatusNames();
    const dir = await mkdtemp(join(tmpdir(), 'cpn-explore-cli-'));
    try {
      const args = ['check-receiver', receiver.url, '--explore', '--seed', '7'];
      const result = await runCli([...args, '--explore-runs', '50', '--json', join(dir, 'r.json')]);
      const shown = result.stdout + result.stderr;
      expect(result.code, shown).toBe(1);
      expect(shown).toMatch(/FAIL explore-newer-release/);
      expect(shown).toMatch(/PASS explore-rejects-invalid/);
      const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as Report;
      const finding = report.findings.find((f) => f.id === 'explore-newer-release')!;
      expect(finding.summary).toMatch(
        /\(GSW_RECORD_STATUS \d+ \(past the known table\)\) got HTTP 500/,
      );
      expect(finding.details![0]).toMatch(/^smallest failing body \(\d+ bytes\): \{"GSW_MESSAGE"/);
      expect(finding.details!.join('\n')).toContain(
        `cpn-kit check-receiver ${receiver.url} --explore --seed 7 --explore-runs 50 runs`,
      );

      // The recording line is one `cpn-kit replay` takes: it sends the very same body again.
      const line = finding.details!.find((d) => d.startsWith('recording line'))!;
      const file = join(dir, 'failure.ndjson');
      await writeFile(file, `${line.slice(line.indexOf('{"v":1'))}\n`);
      const before = receiver.requests();
      const replay = await runCli(['replay', file, '--uri', receiver.url, '--format', 'json']);
      expect(replay.code, replay.stdout + replay.stderr).toBe(1); // the receiver answers 500 again
      expect(receiver.requests()).toBe(before + 1);
      expect(JSON.parse(replay.stdout)).toMatchObject({ failed: 1 });
    } finally {
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses the exploration flags without --explore, and a seed out of range', async () => {
    const url = 'http://127.0.0.1:9/notifications';
    const without = await runCli(['check-receiver', url, '--seed', '3', '--explore-runs', '5']);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/--explore-runs, --seed: only used with --explore/);
    const big = await runCli(['check-receiver', url, '--explore', '--seed', '2147483648']);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(
      /--seed: expected an integer from 0 to 2147483647, found 2147483648/,
    );
  });
});
