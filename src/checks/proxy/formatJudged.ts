import { describeJudged } from './notificationFinding.js';
import type { JudgedNotification } from './TrackedNotification.js';

/** The live lines of a judged notification: `PASS`/`FAIL`, its GUID and how it went, then each broken rule. */
export function formatJudged(judged: JudgedNotification): string {
  const verdict = judged.violations.length > 0 ? 'FAIL' : judged.state === 'open' ? 'OPEN' : 'PASS';
  const lines = [`${verdict} ${judged.notification.guid}: ${describeJudged(judged)}`];
  for (const violation of judged.violations) lines.push(`  - ${violation.rule}: ${violation.text}`);
  return `${lines.join('\n')}\n`;
}
