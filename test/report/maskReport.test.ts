/**
 * A report leaves the kit masked: writeReport and the report files (the CLI's --json, --junit,
 * --html) learn the credential headers of its timelines and mask them, and every echo of them, in
 * each output; the terminal prints every text of it terminal-safe.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretMask } from '../../src/http/SecretMask.js';
import { formatReport } from '../../src/report/formatReport.js';
import { maskReport } from '../../src/report/maskReport.js';
import type { Report } from '../../src/report/Report.js';
import { ReportFiles } from '../../src/report/ReportFiles.js';
import { writeReport } from '../../src/report/writeReport.js';

/** A check-sender report whose sender sent a token that the scenario's answer echoed back. */
const leaky: Report = {
  command: 'check-sender',
  subject: 'node sender.js --uri http://ocs:hunter2@127.0.0.1:9/n?api_key=SECRET123-q',
  startedAt: '2026-11-24T23:00:00.000Z',
  durationMs: 10,
  findings: [
    {
      id: 'error-401',
      title: '401',
      status: 'fail',
      summary: 'answered 401: invalid token SECRET123-a',
      details: ['the answer said: Bearer SECRET123-a', 'X-Tenant was SECRET123-t'],
      curl: "curl -H 'Authorization: Bearer SECRET123-a' http://127.0.0.1:9/n",
      timeline: {
        limitMs: 1000,
        exchanges: [
          {
            label: 'attempt 1',
            startMs: 0,
            durationMs: 2,
            outcome: 'answered 401',
            ok: false,
            request: {
              method: 'POST',
              url: 'http://127.0.0.1:9/n',
              headers: { authorization: 'Bearer SECRET123-a', 'x-tenant': 'SECRET123-t' },
              body: '{"GSW_MESSAGE":"ContactProcessed"}',
            },
            answer: {
              status: 401,
              headers: { 'www-authenticate': 'Bearer token="SECRET123-a"' },
              body: '{"seen":"SECRET123-a"}',
            },
          },
        ],
      },
    },
  ],
};

describe('masked reports', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpn-kit-mask-report-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('maskReport masks every text, header, body and URL of a report; masking it again changes nothing', () => {
    const once = maskReport(leaky, new SecretMask({ headers: ['x-tenant'] }));
    expect(JSON.stringify(once)).not.toMatch(/SECRET123|hunter2/);
    expect(once.findings[0]!.summary).toMatch(
      /^answered 401: invalid token \*\*\* \([0-9a-f]{8}\)$/,
    );
    expect(once.subject).toMatch(
      /^node sender\.js --uri http:\/\/\*\*\*@127\.0\.0\.1:9\/n\?api_key=\*\*\* /,
    );
    expect(maskReport(once, new SecretMask())).toEqual(once);
  });

  it('writeReport masks the terminal and every file; `secrets` names more', async () => {
    const stream = new PassThrough();
    let printed = '';
    stream.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const files = {
      json: join(dir, 'w.json'),
      junit: join(dir, 'w.xml'),
      html: join(dir, 'w.html'),
    };
    await writeReport(
      leaky,
      { ...files, secrets: { headers: ['X-Tenant'] } },
      stream as unknown as NodeJS.WriteStream,
    );
    const outputs = [
      printed,
      ...(await Promise.all(Object.values(files).map((f) => readFile(f, 'utf8')))),
    ];
    for (const output of outputs) expect(output).not.toMatch(/SECRET123|hunter2/);
  });

  it('the report files mask every report they write, snapshots and the last', async () => {
    const json = join(dir, 'files.json');
    const files = await ReportFiles.open(
      { json },
      undefined,
      new SecretMask({ values: ['SECRET123-t'] }),
    );
    await files.finish(leaky);
    expect(await readFile(json, 'utf8')).not.toMatch(/SECRET123|hunter2/);
  });

  it('formatReport prints the texts of a report terminal-safe', () => {
    const text = formatReport({
      ...leaky,
      subject: 'x\u001b]2;title\u0007',
      findings: [
        {
          id: 'n \u001b[2K',
          title: 't',
          status: 'pass',
          summary: 'ok\rFAIL',
          details: ['\u009b1A'],
        },
      ],
    });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('PASS n \\x1b[2K: ok\\rFAIL\n     - \\x9b1A\n');
    expect(text).toContain('check-sender x\\x1b]2;title\\x07: conformant');
  });
});
