import { describeJudged, judgedStatus } from './notificationFinding.js';
import type { FindingStatus } from '../../report/Report.js';
import type { JudgedNotification } from './TrackedNotification.js';

const MARKS: Readonly<Record<FindingStatus, string>> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'OPEN',
  skip: 'SKIP',
};

/**
 * The live lines of a judged notification: `PASS`/`FAIL`/`OPEN`/`SKIP` (not delivered, and nothing
 * to judge of the receiver: it was never reached), its GUID and how it went, then each broken rule.
 */
export function formatJudged(judged: JudgedNotification): string {
  const verdict = MARKS[judgedStatus(judged)];
  const lines = [`${verdict} ${judged.notification.guid}: ${describeJudged(judged)}`];
  for (const violation of judged.violations) lines.push(`  - ${violation.rule}: ${violation.text}`);
  return `${lines.join('\n')}\n`;
}
