import { assumptions } from '../../assumptions.js';
import { ruleHead, type ProtocolRuleId, type Rule } from '../../ocs/protocolRules.js';
import type { DeliveryRule } from '../../ocs/Delivery.js';
import { noRedirectRule, outcomeRule, sameNotificationRule } from '../../ocs/deliveryRules.js';
import { seconds } from '../../util/durationText.js';
import {
  gaveUpEarlyWords,
  notRetriedWords,
  retriedAcknowledgedWords,
  retriedPastMaxWords,
  retriedUnnamedWords,
  waitedForLateAnswerWords,
} from '../../ocs/senderWords.js';
import { stepCondition } from '../../scenarios/Scenario.js';
import { earlyWait, lateWait, leftUnanswered, type LateWait } from './attemptTiming.js';
import {
  attemptsText,
  describeAttempt,
  scenarioDelivery,
  stepOf,
  type ScenarioFacts,
} from './scenarioFacts.js';

/**
 * One rule a conforming sender follows in a scenario. Rules run in this file's order, root causes
 * first; a rule that finds a problem masks the rules whose findings would only be its consequences
 * (a sender without a timeout is told that, not that it "did not retry").
 */
export interface ScenarioRule extends Rule<ScenarioFacts> {
  /** Rules skipped when this one finds a problem. */
  readonly masks?: readonly ProtocolRuleId[];
}

/** What a give-up at the wrong moment makes the attempt count and the outcome: consequences. */
const CONSEQUENCES: readonly ProtocolRuleId[] = [
  'sender-attempts',
  'sender-retries',
  'sender-outcome',
];

/** True when the check judges with the kit's default settings, as when none were given. */
const judgedWithDefaults = (facts: ScenarioFacts) =>
  facts.settings.retryMaxAttempts === assumptions.retryMaxAttempts &&
  facts.settings.responseTimeout === assumptions.responseTimeoutSeconds;

/** The hint for a sender whose settings may not be the ones the check judged it with. */
export const settingsHint = (facts: ScenarioFacts) =>
  `check-sender judged with retry max attempts ${facts.settings.retryMaxAttempts} and a ` +
  `${facts.settings.responseTimeout} s timeout: pass your sender's settings with ` +
  `--retry-max-attempts / --response-timeout`;

/** Why a sender may have given up so soon: its settings are not the defaults judged, or a unit slip. */
function earlyHint(facts: ScenarioFacts, waited: number): string {
  if (judgedWithDefaults(facts)) return ` (${settingsHint(facts)})`;
  return waited < facts.settings.responseTimeoutMs / 10
    ? ' (is the timeout given in milliseconds where seconds are expected?)'
    : '';
}

/** Gave up on an attempt the receiver was still going to answer, well before the response timeout. */
const gaveUpEarly: ScenarioRule = {
  ...ruleHead('sender-timeout'),
  masks: CONSEQUENCES,
  judge(facts) {
    return facts.attempts.flatMap((_, i) => {
      const waited = earlyWait(facts, i);
      if (waited === undefined) return [];
      return [
        gaveUpEarlyWords(i + 1, waited, facts.settings.responseTimeout) + earlyHint(facts, waited),
      ];
    });
  },
};

/**
 * Why a sender that waited for the late answer on attempt `i` may do so: it set no timeout at all,
 * or (when an earlier held attempt was left in time) it set one for its first attempt only.
 */
function noTimeoutHint(facts: ScenarioFacts, i: number): string {
  const inTime = facts.attempts
    .slice(0, i)
    .findIndex(
      (a, j) =>
        leftUnanswered(a) &&
        stepOf(facts, a).kind === 'no-answer' &&
        lateWait(facts, j) === undefined &&
        earlyWait(facts, j) === undefined,
    );
  if (inTime === -1)
    return i === 0
      ? 'does it set a response timeout?'
      : 'does it set a response timeout, on its retries too?';
  return `attempt ${inTime + 1} gave up in time: is the response timeout set on the first attempt only?`;
}

/** What a late wait on attempt `i` was, in the words of what the sender did. */
function lateWaitText(facts: ScenarioFacts, i: number, seen: LateWait): string {
  const limit = `the ${facts.settings.responseTimeout} s response timeout (+ ${seconds(seen.marginMs)} margin)`;
  const hint = judgedWithDefaults(facts) ? ` (${settingsHint(facts)})` : '';
  if (seen.ended === 'late-answer')
    return (
      waitedForLateAnswerWords({
        attempt: i + 1,
        waitedMs: seen.waited,
        timeoutSeconds: facts.settings.responseTimeout,
        marginMs: seen.marginMs,
        hint: noTimeoutHint(facts, i),
      }) + hint
    );
  if (seen.ended === 'next-attempt')
    return (
      `gave up on attempt ${i + 1} only about ${seconds(seen.waited)} in (its next attempt came ` +
      `${seconds(seen.gap!)} after it), later than ${limit}${hint}`
    );
  const { attempts, expected } = facts;
  const noRetry =
    i === attempts.length - 1 && attempts.length < expected.attempts
      ? `, and no retry followed (expected ${attemptsText(expected.attempts)}, saw ${attempts.length})`
      : '';
  return `gave up on attempt ${i + 1} after ${seconds(seen.waited)}, later than ${limit}${noRetry}${hint}`;
}

/** Kept waiting on an attempt that got no answer, past the response timeout. */
const gaveUpLate: ScenarioRule = {
  ...ruleHead('sender-timeout'),
  masks: CONSEQUENCES,
  judge(facts) {
    return facts.attempts.flatMap((_, i) => {
      const seen = lateWait(facts, i);
      return seen === undefined ? [] : [lateWaitText(facts, i, seen)];
    });
  },
};

/** A rule written once over the delivery model, judged on the scenario's delivery. */
const onDelivery = (shared: DeliveryRule, masks?: readonly ProtocolRuleId[]): ScenarioRule => ({
  ...ruleHead(shared.id),
  ...(masks !== undefined ? { masks } : {}),
  judge: (facts) => shared.judge(scenarioDelivery(facts)).map((problem) => problem.text),
});

/** Requested a Location it was given. */
const followedRedirect = onDelivery(noRedirectRule, ['sender-outcome']);

/** Every retry is the same notification: GUID, ETag, GSW_TIMESTAMP, every other field, the bytes. */
const keptMessage = onDelivery(sameNotificationRule);

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
  // A retry the sender aborts before it leaves (made with the first attempt's expired signal) is no
  // request at all: on the wire it cannot be told from no retry.
  const unsent =
    condition === 'timeout'
      ? " (a retry aborted before it is sent, e.g. one made with the first attempt's expired " +
        'AbortSignal, never reaches the receiver)'
      : '';
  const said = notRetriedWords(
    attempts.length,
    String(condition),
    describeAttempt(last),
    settings.retryMaxAttempts,
  );
  return `${said}; ${counts}${unsent}`;
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
  const answered = describeAttempt(last);
  if (condition === undefined) {
    return (
      `${retriedAcknowledgedWords(expected.attempts, answered)}: the sender did not take that ` +
      `answer as success (does it accept every 2xx? did it give up before reading it?); ${counts}`
    );
  }
  const said = !settings.retryAppliesTo.includes(condition)
    ? retriedUnnamedWords(expected.attempts, answered, condition, settings.retryAppliesTo)
    : retriedPastMaxWords(expected.attempts, answered, settings.retryMaxAttempts);
  const hint = judgedWithDefaults(facts) ? `; ${settingsHint(facts)}` : '';
  return `${said}; ${counts}${hint}`;
}

/**
 * True when the attempts past the expected ones follow a condition the policy retries: the sender
 * went past http-retry-max-attempts (else it retried what the policy does not).
 */
function pastMaxAttempts(facts: ScenarioFacts): boolean {
  const { attempts, expected, settings } = facts;
  if (attempts.length <= expected.attempts) return false;
  const condition = stepCondition(stepOf(facts, attempts[expected.attempts - 1]!));
  return condition !== undefined && settings.retryAppliesTo.includes(condition);
}

/** No more attempts than http-retry-max-attempts allows. */
const attemptLimit: ScenarioRule = {
  ...ruleHead('sender-attempts'),
  judge: (facts) => (pastMaxAttempts(facts) ? [tooMany(facts)] : []),
};

/** Retried when the policy says so, and only then. */
const retriedAsConfigured: ScenarioRule = {
  ...ruleHead('sender-retries'),
  judge(facts) {
    if (facts.attempts.length < facts.expected.attempts) return [tooFew(facts)];
    if (facts.attempts.length > facts.expected.attempts && !pastMaxAttempts(facts))
      return [tooMany(facts)];
    return [];
  },
};

/** What the sender concluded matches what the receiver did: delivered only after a 2xx, failed only without one. */
// A sender that concluded wrongly stops or retries because of it: its attempt count is a consequence.
const outcome = onDelivery(outcomeRule, ['sender-attempts', 'sender-retries']);

/** The rules, root causes first. */
export const scenarioRules: readonly ScenarioRule[] = [
  gaveUpEarly,
  gaveUpLate,
  followedRedirect,
  keptMessage,
  outcome,
  attemptLimit,
  retriedAsConfigured,
];
