import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportToHtml } from '../../src/report/reportToHtml.js';
import { writeHtmlReport } from '../../src/report/writeHtmlReport.js';
import { writeReport } from '../../src/report/writeReport.js';
import { sampleReport } from './sampleReport.js';
import { receiverReport, sendReport, senderReport } from './timelineReports.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpn-kit-html-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const quiet = () => new PassThrough() as unknown as NodeJS.WriteStream;

describe('writing the HTML report', () => {
  it('writeReport writes the page of its one report to `html`, creating its folders', async () => {
    const file = join(dir, 'ci', 'reports', 'ocs.html');
    expect(await writeReport(sampleReport, { html: file }, quiet())).toBe(1);
    expect(await readFile(file, 'utf8')).toBe(reportToHtml([sampleReport]));
  });

  it('writeHtmlReport writes several reports as one page, creating its folders', async () => {
    const file = join(dir, 'demo', 'report.html');
    await writeHtmlReport(file, [receiverReport, senderReport, sendReport]);
    const html = await readFile(file, 'utf8');
    expect(html).toBe(reportToHtml([receiverReport, senderReport, sendReport]));
    expect(html.match(/<section class="report"/g)).toHaveLength(3);
  });

  it('rejects (does not swallow) a path it cannot write', async () => {
    await writeFile(join(dir, 'a-file'), 'x');
    await expect(writeHtmlReport(join(dir, 'a-file', 'r.html'), [sampleReport])).rejects.toThrow(
      /EEXIST|ENOTDIR/,
    );
  });
});
