import type { SecretMask } from '../../http/SecretMask.js';
import type { FindingStatus } from '../../report/Report.js';
import { terminalSafe } from '../../util/terminalSafe.js';
import { describeJudged, judgedStatus } from './notificationFinding.js';
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
 * Each line is masked by `mask` (a secret value learned from the attempts' headers, a credential in
 * a Location) and printed {@link terminalSafe}: a GUID carrying escape sequences cannot erase a
 * line, fake one or retitle the terminal.
 */
export function formatJudged(judged: JudgedNotification, mask?: SecretMask): string {
  const { notification, violations } = judged;
  if (mask !== undefined)
    for (const attempt of [
      ...notification.attempts,
      ...notification.followed.map((f) => f.exchange),
    ]) {
      mask.learn(attempt.headers);
      mask.learn(attempt.answer?.headers);
    }
  const lines = [`${MARKS[judgedStatus(judged)]} ${notification.guid}: ${describeJudged(judged)}`];
  for (const violation of violations) lines.push(`  - ${violation.rule}: ${violation.text}`);
  const shown = lines.map((line) => terminalSafe(mask === undefined ? line : mask.text(line)));
  return `${shown.join('\n')}\n`;
}
