import { terminalSafe } from '../util/terminalSafe.js';
import type { Finding, Report } from './Report.js';

/**
 * Text and attribute values as XML 1.0 allows them, safe to show: each line's control characters
 * (which XML cannot carry, or which a CI log would act on: ESC, CR, C1, bidirectional overrides)
 * written as their escapes (`\x1b`), the lines joined by LF, markup escaped, and what XML still
 * cannot carry (a lone surrogate, U+FFFE, U+FFFF) dropped.
 */
function xml(...lines: string[]): string {
  return (
    lines
      .map(terminalSafe)
      .join('\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

function testCase(finding: Finding, command: string): string {
  const text = xml(finding.summary, ...(finding.details ?? []));
  const open =
    `    <testcase classname="${xml(`cpn-kit.${command}`)}" ` +
    `name="${xml(`${finding.id}: ${finding.title}`)}" time="${seconds(finding.durationMs)}">`;
  const outcome =
    finding.status === 'fail'
      ? `\n      <failure message="${xml(finding.summary)}" type="NotConformant">${text}</failure>`
      : finding.status === 'skip'
        ? `\n      <skipped message="${xml(finding.summary)}"/>`
        : '';
  return `${open}${outcome}\n      <system-out>${xml(`${finding.status}: `)}${text}</system-out>\n    </testcase>`;
}

/**
 * The report as JUnit XML, the format CI systems render (GitHub Actions test reporters, GitLab,
 * Jenkins): one test suite per command, one test case per finding with its duration; a failed
 * finding carries its summary and details as the failure, a skipped one is marked skipped.
 */
export function reportToJUnit(report: Report): string {
  const count = (status: Finding['status']) =>
    report.findings.filter((f) => f.status === status).length;
  const totals = `tests="${report.findings.length}" failures="${count('fail')}" errors="0" skipped="${count('skip')}"`;
  const suite =
    `  <testsuite name="${xml(`cpn-kit ${report.command}`)}" ` +
    `timestamp="${xml(report.startedAt)}" time="${seconds(report.durationMs)}" ${totals}>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${totals}>`,
    suite,
    ...report.findings.map((f) => testCase(f, report.command)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
