import { sameJson } from '../../util/sameJson.js';
import { stepCondition } from '../../scenarios/Scenario.js';
import type { RecordedAttempt } from '../../scenarios/ScenarioPlay.js';
import {
  acknowledged,
  attemptsText,
  describeAttempt,
  ms,
  seconds,
  stepOf,
  type ScenarioFacts,
} from './scenarioFacts.js';

/**
 * One rule a conforming sender follows in a scenario. Rules run in this file's order, root causes
 * first; a rule that finds a problem masks the rules whose findings would only be its consequences
 * (a sender without a timeout is told that, not that it "did not retry").
 */
export interface ScenarioRule {
  readonly id: string;
  /** The problems found, one line each; empty when the rule holds. */
  check(facts: ScenarioFacts): string[];
  /** Rules skipped when this one finds a problem. */
  readonly masks?: readonly string[];
}

const timeoutText = (facts: ScenarioFacts) =>
  `the response timeout (${facts.settings.responseTimeout} s)`;

/**
 * How short a wait must be to count as giving up early, in ms. The receiver sees a request some time
 * after the sender's timer started (the trip, a process still loading its HTTP client, a busy CI
 * machine), so it measures the sender's wait short. Judged early: a wait under half the timeout, and
 * at least 1 s under it, but never less than a tenth of it — which still catches a timeout given in
 * milliseconds where seconds are expected, or one far too short.
 */
export function earlyGiveUpMs(timeoutSeconds: number): number {
  const timeoutMs = timeoutSeconds * 1000;
  return Math.max(timeoutMs / 10, Math.min(timeoutMs / 2, timeoutMs - 1000));
}

/** Gave up on an attempt the receiver was still going to answer, well before the response timeout. */
const gaveUpEarly: ScenarioRule = {
  id: 'gave-up-early',
  masks: ['attempt-count', 'outcome'],
  check(facts) {
    const timeoutMs = facts.settings.responseTimeout * 1000;
    return facts.attempts.flatMap((a, i) => {
      if (
        a.clientClosedAt === undefined ||
        a.respondedAt !== undefined ||
        stepOf(facts, a).kind === 'reset'
      )
        return [];
      const waited = a.clientClosedAt - a.startedAt;
      if (waited >= earlyGiveUpMs(facts.settings.responseTimeout)) return [];
      const hint =
        waited < timeoutMs / 10
          ? ' (is the timeout given in milliseconds where seconds are expected?)'
          : '';
      return [
        `gave up on attempt ${i + 1} after ${ms(waited)}, before ${timeoutText(facts)}${hint}`,
      ];
    });
  },
};

/**
 * How long the sender waited on an unanswered attempt, and whether that is exact or only bounded by
 * the next attempt.
 */
function waitedOnSilence(
  facts: ScenarioFacts,
  a: RecordedAttempt,
  next: RecordedAttempt | undefined,
): { waited: number; lateAnswer: boolean } | undefined {
  if (a.clientClosedAt !== undefined)
    return { waited: a.clientClosedAt - a.startedAt, lateAnswer: false };
  if (a.respondedAt !== undefined) return { waited: a.respondedAt - a.startedAt, lateAnswer: true };
  if (next !== undefined)
    return {
      waited: next.startedAt - a.startedAt - facts.timing.backoffAllowanceMs,
      lateAnswer: false,
    };
  return undefined;
}

/** Kept waiting on an attempt that got no answer, past the response timeout. */
const gaveUpLate: ScenarioRule = {
  id: 'gave-up-late',
  masks: ['attempt-count', 'outcome'],
  check(facts) {
    const limitMs = facts.settings.responseTimeout * 1000 + facts.timing.giveUpMarginMs;
    return facts.attempts.flatMap((a, i) => {
      if (stepOf(facts, a).kind !== 'no-answer') return [];
      const seen = waitedOnSilence(facts, a, facts.attempts[i + 1]);
      if (seen === undefined || seen.waited <= limitMs) return [];
      const how = seen.lateAnswer
        ? `it waited ${seconds(seen.waited)}, until the receiver's late answer (does it set a response timeout?)`
        : `it waited ${seconds(seen.waited)}`;
      return [
        `did not give up on attempt ${i + 1}, which got no answer: ${how}; a sender gives up ` +
          `after ${timeoutText(facts)} (+ ${seconds(facts.timing.giveUpMarginMs)} margin)`,
      ];
    });
  },
};

/** Requested a Location it was given. */
const followedRedirect: ScenarioRule = {
  id: 'followed-redirect',
  masks: ['outcome'],
  check(facts) {
    return facts.redirectHits.map((hit) =>
      hit.inferredFromFetchMode
        ? `followed the redirect: fetch was called with redirect: 'follow' (its default), so on ` +
          `a socket it requests ${hit.method} ${hit.url}; redirects must never be followed (use redirect: 'manual')`
        : `followed the redirect: ${hit.method} ${hit.url} (redirects must never be followed)`,
    );
  },
};

/** Every retry is the same notification: GUID, ETag, GSW_TIMESTAMP and every other field. */
const keptMessage: ScenarioRule = {
  id: 'kept-message',
  check(facts) {
    const problems: string[] = [];
    const bodies = facts.attempts.map((a) => a.message);
    const distinct = (values: unknown[]) => [
      ...new Set(values.filter((v) => v !== undefined).map(String)),
    ];
    const guids = distinct(bodies.map((b) => b?.GSW_MESSAGE_GUID));
    if (guids.length > 1)
      problems.push(
        `GSW_MESSAGE_GUID changed on retry (${guids.join(' → ')}); a retry must keep it`,
      );
    const etags = distinct(facts.attempts.map((a) => a.headers.etag ?? '(none)'));
    if (etags.length > 1)
      problems.push(
        `the ETag header changed on retry (${etags.join(' → ')}); a retry must keep it`,
      );
    const stamps = distinct(bodies.map((b) => b?.GSW_TIMESTAMP));
    if (stamps.length > 1)
      problems.push(`GSW_TIMESTAMP changed on retry (${stamps.join(' → ')}); a retry must keep it`);
    const first = bodies[0];
    const changed = new Set<string>();
    for (const body of bodies.slice(1)) {
      if (first === undefined || body === undefined) continue;
      for (const key of new Set([...Object.keys(first), ...Object.keys(body)])) {
        if (
          key !== 'GSW_MESSAGE_GUID' &&
          key !== 'GSW_TIMESTAMP' &&
          !sameJson(first[key], body[key])
        )
          changed.add(key);
      }
    }
    if (changed.size > 0)
      problems.push(
        `the body changed on retry in ${[...changed].join(', ')}; a retry must resend the same message`,
      );
    return problems;
  },
};

function tooFew(facts: ScenarioFacts): string {
  const { attempts, expected, settings } = facts;
  const last = attempts.at(-1)!;
  const condition = stepCondition(stepOf(facts, last));
  const counts = `expected ${attemptsText(expected.attempts)}, saw ${attempts.length}`;
  if (facts.ambiguity !== undefined) {
    return (
      `${counts}: a later notification (GSW_MESSAGE_GUID ${facts.ambiguity.guid}) had the ` +
      `same content apart from GSW_MESSAGE_GUID and GSW_TIMESTAMP, so either attempt ` +
      `${attempts.length} was not retried, or it was retried with a regenerated GUID and ` +
      `timestamp; one URL for the whole catalog cannot tell which (give each notification its ` +
      `own GSW_CALL_ATTEMPT_GUID, or play one scenario per URL)`
    );
  }
  const allowed = `${settings.retryMaxAttempts} retr${settings.retryMaxAttempts === 1 ? 'y is' : 'ies are'} allowed`;
  return (
    `not retried: attempt ${attempts.length} met ${condition} (${describeAttempt(last)}), ` +
    `and http-retry-applies-to includes ${condition} with ${allowed}; ${counts}`
  );
}

function tooMany(facts: ScenarioFacts): string {
  const { attempts, expected, settings } = facts;
  const last = attempts[expected.attempts - 1]!;
  const condition = stepCondition(stepOf(facts, last));
  const counts = `expected ${attemptsText(expected.attempts)}, saw ${attempts.length}`;
  if (condition === undefined && last.status === undefined) {
    return (
      `retried after attempt ${expected.attempts} (${describeAttempt(last)}), which the ` +
      `receiver was still answering within the response timeout (${settings.responseTimeout} ` +
      `s): does the sender give up too early?; ${counts}`
    );
  }
  if (condition === undefined) {
    return (
      `retried after attempt ${expected.attempts} (${describeAttempt(last)}), though it ` +
      `had been acknowledged: the sender did not take that answer as success (does it accept ` +
      `every 2xx? did it give up before reading it?); ${counts}`
    );
  }
  const why = !settings.retryAppliesTo.includes(condition)
    ? `${condition} is not retried (http-retry-applies-to: ${settings.retryAppliesTo.join(', ') || 'none'})`
    : `at most ${settings.retryMaxAttempts} ` +
      `retr${settings.retryMaxAttempts === 1 ? 'y is' : 'ies are'} allowed (http-retry-max-attempts)`;
  return `retried after attempt ${expected.attempts} (${describeAttempt(last)}), but ${why}; ${counts}`;
}

/** As many attempts as the retry policy makes: retried when it says so, and only then. */
const attemptCount: ScenarioRule = {
  id: 'attempt-count',
  check(facts) {
    if (facts.attempts.length < facts.expected.attempts) return [tooFew(facts)];
    if (facts.attempts.length > facts.expected.attempts) return [tooMany(facts)];
    return [];
  },
};

/** What the sender concluded matches what the receiver did: delivered only after a 2xx, failed only without one. */
const outcome: ScenarioRule = {
  id: 'outcome',
  // A sender that concluded wrongly stops or retries because of it: its attempt count is a consequence.
  masks: ['attempt-count'],
  check(facts) {
    const reported = facts.run.outcome;
    if (reported === undefined) return [];
    const acked = facts.attempts.find(acknowledged);
    const ended = facts.run.ended !== undefined ? ` (${facts.run.ended})` : '';
    if (reported === 'delivered' && acked === undefined) {
      return [
        `reported the notification as delivered${ended}, though the receiver never acknowledged ` +
          `it: ${describeAttempt(facts.attempts.at(-1)!)}`,
      ];
    }
    if (reported === 'failed' && acked !== undefined) {
      return [
        `reported the notification as failed${ended}, though attempt ` +
          `${facts.attempts.indexOf(acked) + 1} was ${describeAttempt(acked)}`,
      ];
    }
    return [];
  },
};

/** The rules, root causes first. */
export const scenarioRules: readonly ScenarioRule[] = [
  gaveUpEarly,
  gaveUpLate,
  followedRedirect,
  keptMessage,
  outcome,
  attemptCount,
];
