import { describe, expect, it } from 'vitest';
import { markdownText } from '../../src/report/markdownText.js';
import type { Finding, Report } from '../../src/report/Report.js';
import { reportAnnotations } from '../../src/report/reportAnnotations.js';
import { reportToStepSummary, SUMMARY_FINDINGS_MAX } from '../../src/report/reportToStepSummary.js';

const HOSTILE =
  '<img src=x onerror=alert(1)>\r\n::set-env name=EVIL::1\n| a | b |\n# head [x](javascript:y) `c` 100%, 2:3';

const failing = (id: string, text = 'got HTTP 200'): Finding => ({
  id,
  title: `title of ${id}`,
  status: 'fail',
  summary: text,
  details: [`first detail of ${id}`, 'second detail'],
});

const report = (findings: Finding[]): Report => ({
  command: 'proxy',
  subject: 'http://127.0.0.1:1/in',
  startedAt: new Date(0).toISOString(),
  durationMs: 5,
  findings,
});

describe('the GitHub Actions outputs of a report', () => {
  it('markdownText leaves nothing Markdown or HTML would act on, and keeps one line', () => {
    const text = markdownText(HOSTILE);
    expect(text).not.toMatch(/[<>\n\r]/);
    expect(text).toContain('&lt;img');
    expect(text).toContain('\\[x\\]\\(javascript:y\\)');
    expect(text).toContain('\\| a \\| b \\|');
    expect(markdownText('x'.repeat(600))).toHaveLength(501);
  });

  it('a summary lists each failing finding with its first detail line, and only the first 50', () => {
    const many = Array.from({ length: SUMMARY_FINDINGS_MAX + 3 }, (_, i) => failing(`f-${i}`));
    const markdown = reportToStepSummary(report([{ ...failing('hostile', HOSTILE) }, ...many]));
    expect(markdown).toContain('### cpn-kit proxy: NOT conformant');
    expect(markdown).toContain(`| 0 | ${many.length + 1} | 0 | 0 |`);
    expect(markdown).toContain('first detail of f-0');
    expect(markdown).not.toContain('second detail');
    expect(markdown).not.toMatch(/<img|^::|^#\s*head|^\| a/m);
    expect(markdown).toContain('and 4 more failing: see the report files');
  });

  it('an annotation per failing finding, each on one line, escaped as workflow commands are', () => {
    const lines = reportAnnotations(
      report([failing('hostile', HOSTILE), { ...failing('ok'), status: 'pass' }]),
    );
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatch(/^::error title=cpn-kit proxy%3A title of hostile::/);
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).toContain('— first detail of hostile');
  });

  it('an incomplete run is annotated and summarised as incomplete', () => {
    const interrupted: Report = {
      ...report([{ ...failing('run-complete', 'interrupted by SIGTERM') }]),
      complete: false,
      incomplete: 'interrupted by SIGTERM',
    };
    expect(reportToStepSummary(interrupted)).toContain('incomplete \\(interrupted by SIGTERM\\)');
    expect(reportAnnotations(interrupted)).toHaveLength(1);
  });
});
