import { validateNotificationRequest } from '../../message/validateNotificationRequest.js';
import type { Finding } from '../../report/Report.js';
import type { RecordedAttempt } from '../../scenarios/ScenarioPlay.js';

/** Each distinct envelope or body problem, with how many of the attempts had it, in first-seen order. */
export function envelopeProblems(
  attempts: readonly RecordedAttempt[],
): { readonly message: string; readonly count: number }[] {
  const counts = new Map<string, number>();
  for (const attempt of attempts) {
    const result = validateNotificationRequest({
      method: attempt.method,
      headers: attempt.headers,
      body: attempt.body,
    });
    for (const message of new Set(result.errors.map((e) => e.message)))
      counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  return [...counts].map(([message, count]) => ({ message, count }));
}

/**
 * One finding for what every request must be, whatever the scenario (POST, Content-Type, ETag =
 * GSW_MESSAGE_GUID, User-Agent, Content-Length, a body the schema accepts): a defect shared by every
 * request is named once here, and the scenario findings stay about behaviour.
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
  const problems = envelopeProblems(attempts);
  if (problems.length === 0)
    return {
      id,
      title,
      status: 'pass',
      summary: `all ${attempts.length} requests were valid notifications`,
    };
  const lines = problems.map(
    (p) =>
      `${p.count === attempts.length ? 'every request' : `${p.count} of ${attempts.length} requests`}: ${p.message}`,
  );
  return {
    id,
    title,
    status: 'fail',
    summary: lines[0]!,
    ...(lines.length > 1 ? { details: lines.slice(1) } : {}),
  };
}
