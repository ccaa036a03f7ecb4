import { writeFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPassed, reportCounts } from '../../src/report/Report.js';
import { startReport } from '../../src/report/startReport.js';
import { writeReport } from '../../src/report/writeReport.js';
import { sampleReport } from './sampleReport.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpn-kit-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stream that is not a TTY and collects what is written. */
function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return {
    stream: stream as unknown as NodeJS.WriteStream,
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

const passing = {
  ...sampleReport,
  findings: sampleReport.findings.filter((f) => f.status !== 'fail'),
};

describe('writeReport', () => {
  it('returns 1 for a failing report, 0 for a passing one (warn and skip do not fail)', async () => {
    expect(await writeReport(sampleReport, {}, capture().stream)).toBe(1);
    expect(await writeReport(passing, {}, capture().stream)).toBe(0);
    expect(await writeReport({ ...sampleReport, findings: [] }, {}, capture().stream)).toBe(0);
  });

  it('prints the formatted report without colour on a non-TTY stream', async () => {
    const out = capture();
    await writeReport(sampleReport, {}, out.stream);
    expect(out.text()).toContain('FAIL redirect-301: expected a failure, got 200');
    expect(out.text()).not.toMatch(/\x1b\[/);
  });

  it('writes the JSON (with passed) and JUnit files it is asked for', async () => {
    const json = join(dir, 'report.json');
    const junit = join(dir, 'report.xml');
    expect(await writeReport(sampleReport, { json, junit }, capture().stream)).toBe(1);
    const parsed = JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>;
    expect(parsed).toEqual({ ...sampleReport, complete: true, passed: false });
    expect(await readFile(junit, 'utf8')).toMatch(/<testsuites[\s\S]*redirect-301/);
  });

  it('creates the folders of an output path, and rejects (does not swallow) one it cannot write', async () => {
    await writeReport(sampleReport, { json: join(dir, 'new', 'dir', 'r.json') }, capture().stream);
    expect(JSON.parse(await readFile(join(dir, 'new', 'dir', 'r.json'), 'utf8'))).toMatchObject({
      command: sampleReport.command,
    });
    await writeFile(join(dir, 'a-file'), 'x');
    await expect(
      writeReport(sampleReport, { json: join(dir, 'a-file', 'r.json') }, capture().stream),
    ).rejects.toThrow(/EEXIST|ENOTDIR/);
  });
});

describe('a report written before its run was over', () => {
  const partial = startReport(passing.command, passing.subject).snapshot(
    passing.findings,
    'interrupted by SIGTERM',
  );

  it('is never conformant, and every output says it is incomplete and why', async () => {
    const out = capture();
    const json = join(dir, 'partial.json');
    const junit = join(dir, 'partial.xml');
    const html = join(dir, 'partial.html');
    expect(await writeReport(passing, {}, capture().stream)).toBe(0);
    expect(await writeReport(partial, { json, junit, html }, out.stream)).toBe(1);
    expect(out.text()).toMatch(/^FAIL run-complete: incomplete: interrupted by SIGTERM; /m);
    expect(out.text()).toMatch(/: incomplete \(interrupted by SIGTERM\) \(\d+ passed, 1 failed/);
    expect(JSON.parse(await readFile(json, 'utf8'))).toMatchObject({
      complete: false,
      incomplete: 'interrupted by SIGTERM',
      passed: false,
    });
    const xml = await readFile(junit, 'utf8');
    expect(xml).toMatch(/failures="1"/);
    expect(xml).toMatch(
      /<testcase [^>]*name="run-complete: [^"]*"[^>]*>\s*<failure message="incomplete: interrupted by SIGTERM;/,
    );
    expect(await readFile(html, 'utf8')).toMatch(
      /<strong>incomplete \(interrupted by SIGTERM\)<\/strong>/,
    );
  });
});

describe('Report helpers', () => {
  it('reportPassed and reportCounts', () => {
    expect(reportPassed(sampleReport)).toBe(false);
    expect(reportPassed(passing)).toBe(true);
    expect(reportCounts(sampleReport)).toEqual({ pass: 1, fail: 1, warn: 1, skip: 1 });
  });
});
