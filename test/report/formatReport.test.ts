import { describe, expect, it } from 'vitest';
import { formatReport, useColor } from '../../src/report/formatReport.js';
import { sampleReport } from './sampleReport.js';

const ansi = /\x1b\[/;

describe('formatReport', () => {
  it('prints one line per finding with its mark and id, details indented, then the verdict and counts', () => {
    const lines = formatReport(sampleReport).trimEnd().split('\n');
    expect(lines).toEqual([
      'PASS accepts-full: answered 200 in 4 ms',
      'FAIL redirect-301: expected a failure, got 200',
      '     - followed Location: /elsewhere',
      '     - sent the body twice',
      'WARN unknown-enum: answered 200 but logged an error',
      'SKIP tls-1.2: not an https URL',
      'check-receiver http://127.0.0.1:8080/notify: NOT conformant (1 passed, 1 failed, 1 ' +
        'warnings, 1 skipped) in 1.2 s',
    ]);
  });

  it('has no ANSI codes when color is false or not given, and has them when color is true', () => {
    expect(formatReport(sampleReport, { color: false })).not.toMatch(ansi);
    expect(formatReport(sampleReport)).not.toMatch(ansi);
    expect(formatReport(sampleReport, { color: true })).toMatch(ansi);
  });

  it('a report without failures is conformant', () => {
    const passing = {
      ...sampleReport,
      findings: sampleReport.findings.filter((f) => f.status !== 'fail'),
    };
    expect(formatReport(passing)).toMatch(
      /: conformant \(1 passed, 0 failed, 1 warnings, 1 skipped\)/,
    );
  });
});

describe('useColor', () => {
  it('colours a TTY only', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });
  it('NO_COLOR wins over a TTY and over FORCE_COLOR; an empty NO_COLOR is ignored', () => {
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });
  it('FORCE_COLOR colours a pipe; FORCE_COLOR=0 does not', () => {
    expect(useColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor({ isTTY: false }, { FORCE_COLOR: '0' })).toBe(false);
  });
});
