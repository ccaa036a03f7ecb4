import pc from 'picocolors';
import { terminalSafe } from '../util/terminalSafe.js';
import {
  reportCounts,
  reportPassed,
  reportVerdict,
  type Finding,
  type FindingStatus,
  type Report,
} from './Report.js';

/**
 * Whether to colour output for a stream: only on a terminal, never when `NO_COLOR` is set
 * (https://no-color.org), always when `FORCE_COLOR` is set to something other than empty or 0.
 */
export function useColor(
  stream: { isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0')
    return true;
  return stream.isTTY === true;
}

const marks: Record<FindingStatus, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  skip: 'SKIP',
};

/**
 * The report as terminal lines: one line per finding (those `shown`, default all), its details
 * indented, then a summary line whose counts cover every finding, as the report files do. Every
 * text of the report is printed {@link terminalSafe}: a control character from the wire (an escape
 * sequence in a GUID, a CR in an answer) shows as its escape, and can neither hide a line nor fake
 * one.
 */
export function formatReport(
  report: Report,
  options: { color?: boolean; shown?: (finding: Finding) => boolean } = {},
): string {
  const c = pc.createColors(options.color ?? false);
  const paint: Record<FindingStatus, (s: string) => string> = {
    pass: c.green,
    fail: c.red,
    warn: c.yellow,
    skip: c.dim,
  };
  const lines: string[] = [];
  for (const finding of report.findings.filter(options.shown ?? (() => true))) {
    const line = `${finding.id}: ${finding.summary}`;
    lines.push(`${paint[finding.status](marks[finding.status])} ${terminalSafe(line)}`);
    for (const detail of finding.details ?? [])
      lines.push(`     ${c.dim('-')} ${terminalSafe(detail)}`);
  }
  for (const setting of report.settings ?? [])
    lines.push(
      `${c.dim('setting')} ${terminalSafe(`${setting.option} = ${setting.value} (${setting.from})`)}`,
    );
  const counts = reportCounts(report);
  const verdict = (reportPassed(report) ? c.green : c.red)(terminalSafe(reportVerdict(report)));
  lines.push(
    `${terminalSafe(`${report.command} ${report.subject}`)}: ${verdict} (${counts.pass} passed, ${counts.fail} ` +
      `failed, ${counts.warn} warnings, ${counts.skip} skipped) in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}
