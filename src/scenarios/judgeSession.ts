import { validateNotificationRequest } from '../message/validateNotificationRequest.js';
import type { Finding } from '../report/Report.js';
import type { RecordedAttempt, ScenarioPlay, ScenarioSession } from './createScenarioSession.js';
import { expectedOutcome, stepCondition, stepFor } from './Scenario.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Judges one scenario's recorded attempts against what a conforming sender does under the session's
 * settings: attempt count and retry policy, GUID / ETag / GSW_TIMESTAMP / body kept across retries,
 * no request to a redirect target, a valid envelope and body on every attempt, and giving up on an
 * unanswered attempt within the response timeout plus a margin (and not before).
 */
export function judgeScenario(session: ScenarioSession, play: ScenarioPlay): Finding {
  const { scenario, attempts } = play;
  const { settings, timing } = session;
  const expected = expectedOutcome(scenario, settings);
  const problems: string[] = [];
  const title = `${scenario.title}: ${scenario.expectation}`;
  if (attempts.length === 0) {
    return { id: scenario.id, title, status: 'fail', summary: 'no notification arrived for this scenario (the sender sent fewer notifications than the scenarios need)' };
  }
  const plural = (n: number) => `${n} attempt${n === 1 ? '' : 's'}`;

  // Attempt count and retry policy.
  if (attempts.length < expected.attempts) {
    const last = attempts.at(-1)!;
    const condition = stepCondition(stepFor(scenario, last.index));
    problems.push(`expected ${plural(expected.attempts)}, saw ${attempts.length}: attempt ${attempts.length} met ${condition ?? 'success'} (${last.response}) and was not retried, though http-retry-applies-to includes ${condition} and ${settings.retryMaxAttempts} retr${settings.retryMaxAttempts === 1 ? 'y is' : 'ies are'} allowed`);
  } else if (attempts.length > expected.attempts) {
    const last = attempts[expected.attempts - 1]!;
    const condition = stepCondition(stepFor(scenario, last.index));
    const why =
      condition === undefined
        ? 'the notification had already succeeded'
        : !settings.retryAppliesTo.includes(condition)
          ? `${condition} is not retried (http-retry-applies-to: ${settings.retryAppliesTo.join(', ') || 'none'})`
          : `at most 1 + ${settings.retryMaxAttempts} retries (http-retry-max-attempts) are allowed`;
    problems.push(`expected ${plural(expected.attempts)}, saw ${attempts.length}: retried after attempt ${expected.attempts} (${last.response}), but ${why}`);
  }

  // Same message on every attempt.
  const bodies = attempts.map((a) => a.message);
  const first = attempts[0]!;
  const firstBody = bodies[0];
  const guids = [...new Set(bodies.map((b) => b?.GSW_MESSAGE_GUID).filter((g) => g !== undefined).map(String))];
  if (guids.length > 1) problems.push(`GSW_MESSAGE_GUID changed on retry (${guids.join(' → ')}); a retry must keep it`);
  const etags = [...new Set(attempts.map((a) => a.headers.etag ?? '(none)'))];
  if (etags.length > 1) problems.push(`the ETag header changed on retry (${etags.join(' → ')}); a retry must keep it`);
  const stamps = [...new Set(bodies.map((b) => b?.GSW_TIMESTAMP).filter((t) => t !== undefined).map(String))];
  if (stamps.length > 1) problems.push(`GSW_TIMESTAMP changed on retry (${stamps.join(' → ')}); a retry must keep it`);
  if (firstBody !== undefined) {
    const changedFields = new Set<string>();
    for (const body of bodies.slice(1)) {
      if (body === undefined) continue;
      for (const key of new Set([...Object.keys(firstBody), ...Object.keys(body)])) {
        if (key === 'GSW_MESSAGE_GUID' || key === 'GSW_TIMESTAMP') continue;
        if (JSON.stringify(firstBody[key]) !== JSON.stringify(body[key])) changedFields.add(key);
      }
    }
    if (changedFields.size > 0) problems.push(`the body changed on retry in ${[...changedFields].join(', ')}; a retry must resend the same message`);
  }

  // Envelope and body on every attempt (each distinct problem once).
  const seen = new Set<string>();
  attempts.forEach((a, i) => {
    const result = validateNotificationRequest({ method: a.method, headers: a.headers, body: a.body });
    for (const error of result.errors) {
      if (seen.has(error.message)) continue;
      seen.add(error.message);
      problems.push(`attempt ${i + 1}: ${error.message}`);
    }
  });

  // Redirects never followed.
  for (const hit of session.redirectHits.filter((h) => h.scenarioId === scenario.id)) {
    problems.push(`followed the redirect: ${hit.method} ${hit.url} (redirects must never be followed)`);
  }

  // Timeouts: give up on an unanswered attempt in time, and never give up on a slow-but-timely answer.
  const timeoutMs = settings.responseTimeout * 1000;
  attempts.forEach((a, i) => {
    const step = stepFor(scenario, a.index);
    if (step.kind === 'no-answer') {
      const next = attempts[i + 1];
      let waited: number | undefined;
      // Exact when the close or the late answer was seen; otherwise bounded by the next attempt's start.
      let exact = true;
      if (a.clientClosedAt !== undefined) waited = a.clientClosedAt - a.startedAt;
      else if (a.respondedAt !== undefined) waited = a.respondedAt - a.startedAt;
      else if (next !== undefined) {
        waited = next.startedAt - a.startedAt - timing.backoffAllowanceMs;
        exact = false;
      }
      if (waited !== undefined && waited > timeoutMs + timing.giveUpMarginMs) {
        problems.push(`attempt ${i + 1} got no answer and the sender waited ${seconds(waited)}; expected it to give up within the response timeout (${settings.responseTimeout} s) + ${seconds(timing.giveUpMarginMs)}`);
      } else if (exact && waited !== undefined && waited < timeoutMs * 0.8) {
        problems.push(`attempt ${i + 1} was abandoned after ${seconds(waited)}, before the response timeout (${settings.responseTimeout} s)`);
      }
    } else if (step.kind === 'status' && step.delayFraction !== undefined && a.clientClosedAt !== undefined && a.respondedAt === undefined) {
      problems.push(`attempt ${i + 1} was abandoned after ${seconds(a.clientClosedAt - a.startedAt)} although the answer came within the response timeout (${settings.responseTimeout} s)`);
    }
  });
  if (attempts.some((a) => a.matchedByContent)) problems.push('a retry arrived with a new GSW_MESSAGE_GUID (recognised by its otherwise identical content)');

  const story = attempts.map((a) => a.response || 'unanswered').join('; ');
  const durationMs = Math.max(...attempts.map((a) => (a.respondedAt ?? a.clientClosedAt ?? a.startedAt) - first.startedAt));
  if (problems.length === 0) {
    return { id: scenario.id, title, status: 'pass', summary: `${plural(attempts.length)} (${story}), ${expected.delivered ? 'delivered' : 'given up'} as expected`, durationMs };
  }
  return { id: scenario.id, title, status: 'fail', summary: problems[0]!, details: [...problems.slice(1), `what happened: ${story}`], durationMs };
}

/** Findings for unidentifiable requests and notifications beyond the catalog. */
function judgeUnassigned(unassigned: readonly RecordedAttempt[]): Finding[] {
  const findings: Finding[] = [];
  const anonymous = unassigned.filter((a) => a.guid === undefined);
  if (anonymous.length > 0) {
    findings.push({
      id: 'unidentified-requests',
      title: 'every request carries its notification GUID',
      status: 'fail',
      summary: `${anonymous.length} request(s) had neither a GSW_MESSAGE_GUID in the body nor an ETag header`,
      details: anonymous.slice(0, 5).map((a) => `${a.method} ${a.url} (Content-Length ${a.headers['content-length'] ?? 'absent'})`),
    });
  }
  const extra = unassigned.filter((a) => a.guid !== undefined);
  if (extra.length > 0) {
    findings.push({
      id: 'extra-notifications',
      title: 'notifications beyond the scenario catalog',
      status: 'warn',
      summary: `${extra.length} request(s) for notifications beyond the ${'scenarios'} (answered 200, not judged)`,
    });
  }
  return findings;
}

/**
 * Judges a whole session: one finding per scenario (in catalog order), plus findings for requests
 * that could not be tied to a notification. With `scenarioIds`, judges only those scenarios.
 *
 * @example
 * const findings = judgeSession(session);
 * expect(findings.filter((f) => f.status === 'fail')).toEqual([]);
 */
export function judgeSession(session: ScenarioSession, scenarioIds?: readonly string[]): Finding[] {
  if (scenarioIds !== undefined) {
    for (const id of scenarioIds) {
      if (!session.plays.some((p) => p.scenario.id === id)) throw new Error(`judgeSession: no scenario ${JSON.stringify(id)} in this session; expected one of ${session.plays.map((p) => p.scenario.id).join(', ')}`);
    }
    return session.plays.filter((p) => scenarioIds.includes(p.scenario.id)).map((play) => judgeScenario(session, play));
  }
  return [...session.plays.map((play) => judgeScenario(session, play)), ...judgeUnassigned(session.unassigned)];
}
