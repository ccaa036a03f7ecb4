import {
  isHeaderIssue,
  validateNotificationRequest,
} from '../../message/validateNotificationRequest.js';
import type { Finding } from '../../report/Report.js';
import type { RecordedAttempt } from '../../scenarios/ScenarioPlay.js';

/** One envelope or body problem, with how many of the attempts had it. */
export interface EnvelopeProblem {
  readonly message: string;
  readonly count: number;
}

/** What the attempts' envelopes and bodies had wrong: errors fail, warnings do not. */
export interface EnvelopeJudgement {
  readonly errors: readonly EnvelopeProblem[];
  /** The envelope's warnings (a chunked body without Content-Length); the body's are not judged here. */
  readonly warnings: readonly EnvelopeProblem[];
}

function counted(messages: Map<string, number>): EnvelopeProblem[] {
  return [...messages].map(([message, count]) => ({ message, count }));
}

/** Each distinct problem, with how many of the attempts had it, in first-seen order. */
export function envelopeJudgement(attempts: readonly RecordedAttempt[]): EnvelopeJudgement {
  const errors = new Map<string, number>();
  const warnings = new Map<string, number>();
  for (const attempt of attempts) {
    const result = validateNotificationRequest({
      method: attempt.method,
      headers: attempt.headers,
      body: attempt.body,
    });
    for (const message of new Set(result.errors.map((e) => e.message)))
      errors.set(message, (errors.get(message) ?? 0) + 1);
    for (const message of new Set(result.warnings.filter(isHeaderIssue).map((w) => w.message)))
      warnings.set(message, (warnings.get(message) ?? 0) + 1);
  }
  return { errors: counted(errors), warnings: counted(warnings) };
}

/** `every request: …` or `2 of 3 requests: …`. */
export function envelopeLine(problem: EnvelopeProblem, total: number): string {
  const which = problem.count === total ? 'every request' : `${problem.count} of ${total} requests`;
  return `${which}: ${problem.message}`;
}

/**
 * One finding for what every request must be, whatever the scenario (POST, Content-Type, ETag =
 * GSW_MESSAGE_GUID, User-Agent, Content-Length, a body the schema accepts): a defect shared by every
 * request is named once here, and the scenario findings stay about behaviour. A chunked body without
 * Content-Length is HTTP/1.1 but not what OCS sends: a warning.
 */
export function judgeEnvelope(attempts: readonly RecordedAttempt[]): Finding {
  const id = 'request-envelope';
  const title =
    'every request is a valid notification: POST, Content-Type, ETag = GSW_MESSAGE_GUID, ' +
    'User-Agent, Content-Length, the body per the schema';
  if (attempts.length === 0)
    return {
      id,
      title,
      status: 'skip',
      summary: 'no request arrived, so no envelope could be checked',
    };
  const { errors, warnings } = envelopeJudgement(attempts);
  const errorLines = errors.map((p) => envelopeLine(p, attempts.length));
  const warningLines = warnings.map((p) => envelopeLine(p, attempts.length));
  if (errorLines.length === 0 && warningLines.length === 0)
    return {
      id,
      title,
      status: 'pass',
      summary: `all ${attempts.length} requests were valid notifications`,
    };
  const failing = errorLines.length > 0;
  const lines = failing
    ? [...errorLines, ...warningLines.map((line) => `warning: ${line}`)]
    : warningLines;
  return {
    id,
    title,
    status: failing ? 'fail' : 'warn',
    summary: lines[0]!,
    ...(lines.length > 1 ? { details: lines.slice(1) } : {}),
  };
}
