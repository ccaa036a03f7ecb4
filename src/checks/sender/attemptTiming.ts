import { retries } from '../../retry/retryPolicy.js';
import { stepCondition, stepFor } from '../../scenarios/Scenario.js';
import type { RecordedAttempt } from '../../scenarios/ScenarioPlay.js';
import type { ScenarioFacts } from './scenarioFacts.js';
import { earlyGiveUpMs } from '../../ocs/earlyGiveUpMs.js';

/**
 * The timing judgements of a scenario, attempt by attempt, with what the check measured besides the
 * wire. The receiver sees a request some time after the sender's timer started (a process still
 * loading its HTTP client, a busy machine), and the check's own event loop may note an arrival or a
 * departure late: each judgement is widened by what was measured, never by a guess.
 */

/** When the exchange ended as the receiver saw it: its answer, or the sender leaving. */
const endOf = (a: RecordedAttempt) => a.respondedAt ?? a.clientClosedAt;

/** True when the sender went away before the receiver answered (or dropped) the attempt. */
export const leftUnanswered = (a: RecordedAttempt) =>
  a.clientClosedAt !== undefined && a.respondedAt === undefined;

/** The check's own event-loop lag while attempt `i` was under way (ms). */
export function lagAround(facts: ScenarioFacts, i: number): number {
  const a = facts.attempts[i]!;
  const to = endOf(a) ?? facts.attempts[i + 1]?.startedAt ?? a.startedAt;
  return facts.lag.lagBetween(a.startedAt, to);
}

/**
 * The earliest moment the sender's timer for attempt `i` can have started (session clock): for the
 * first attempt, when its run started (a process cannot time anything before it runs); for a retry,
 * when the attempt before it ended, less the check's lag in noting that. Undefined when unknown.
 */
export function timerStartBound(facts: ScenarioFacts, i: number): number | undefined {
  if (i === 0) return facts.runStartedAt;
  const previous = facts.attempts[i - 1]!;
  const ended = endOf(previous) ?? previous.startedAt;
  return ended - lagAround(facts, i - 1);
}

/**
 * True when attempt `i` may have been a timeout for a conforming sender, though its step answers in
 * time: the sender left it unanswered at a moment its response timeout may have run out (its timer
 * may have started that much before the request reached the receiver), or the check's own answer
 * left only past the timeout (its event loop lagged) and the sender tried again. Such an attempt is
 * no proof of a defect; it counts as a timeout.
 */
export function mayHaveTimedOut(facts: ScenarioFacts, i: number): boolean {
  const a = facts.attempts[i]!;
  const timeoutMs = facts.settings.responseTimeoutMs;
  if (a.respondedAt !== undefined)
    return (
      facts.attempts[i + 1] !== undefined &&
      (a.respondedAt - a.startedAt + lagAround(facts, i) >= timeoutMs ||
        mayHaveMissedAnswer(facts, i))
    );
  const bound = timerStartBound(facts, i);
  return (
    a.clientClosedAt !== undefined && bound !== undefined && a.clientClosedAt - bound >= timeoutMs
  );
}

/**
 * How much later than the next attempt's arrival the close of the connection before it may be
 * noted (ms): a sender that closes one connection and opens another at once can have both seen in
 * one turn of the check's event loop, in either order.
 */
const CLOSE_ORDER_SLACK_MS = 100;

/**
 * True when the sender may have given up on answered attempt `i` before the answer reached it (its
 * timer, set when it sent, ran out on a busy machine) and retried for that. Judged from the
 * connection, never from timing alone: a sender that read the answer keeps or reuses the connection
 * (a retry on it proves it read the answer), while one whose timer ran out destroys its request,
 * closing the connection a whole timeout or more after its timer can have started. When the
 * receiver closed the connection itself (`Connection: close`), the close says nothing, and a retry
 * a whole timeout or more after the attempt arrived counts. In-process there is no connection, and
 * the check's own lag, which is the sender's, has already been counted.
 */
function mayHaveMissedAnswer(facts: ScenarioFacts, i: number): boolean {
  const a = facts.attempts[i]!;
  const next = facts.attempts[i + 1]!;
  const end = a.connectionEnd;
  if (a.connection === undefined || next.connection === a.connection || end === undefined)
    return false;
  if (end.at > next.startedAt + CLOSE_ORDER_SLACK_MS + lagAround(facts, i)) return false;
  const timeoutMs = facts.settings.responseTimeoutMs;
  if (end.by === 'receiver') return next.startedAt - a.startedAt >= timeoutMs;
  const bound = timerStartBound(facts, i);
  return bound !== undefined && end.at - bound >= timeoutMs;
}

/** How long the sender waited on attempt `i` before leaving it early, or undefined when it did not. */
export function earlyWait(facts: ScenarioFacts, i: number): number | undefined {
  const a = facts.attempts[i]!;
  if (!leftUnanswered(a) || stepFor(facts.scenario, a.index).kind === 'reset') return undefined;
  const waited = a.clientClosedAt! - a.startedAt;
  if (waited + lagAround(facts, i) >= earlyGiveUpMs(facts.settings.responseTimeout))
    return undefined;
  return mayHaveTimedOut(facts, i) ? undefined : waited;
}

/** How the wait on an unanswered attempt ended, as the receiver saw it. */
export type WaitEnd =
  /** The sender left the attempt (closed or reset the connection). */
  | 'left'
  /** The sender was still there when the receiver's late answer came. */
  | 'late-answer'
  /** The sender's leaving was not seen; its next attempt bounds the wait. */
  | 'next-attempt';

/** A wait on an unanswered attempt past the timeout and its margin. */
export interface LateWait {
  /** How long the sender waited, in ms (for `next-attempt`, the gap less the backoff allowance). */
  readonly waited: number;
  readonly ended: WaitEnd;
  /** For `next-attempt`: how long after this attempt the next one arrived, in ms. */
  readonly gap?: number;
  /** The margin over the response timeout it was judged with, the check's measured lag included. */
  readonly marginMs: number;
}

/** How long the sender waited on unanswered attempt `i`: exact, or bounded by the next attempt. */
function waitedOnSilence(
  facts: ScenarioFacts,
  i: number,
): Pick<LateWait, 'waited' | 'ended' | 'gap'> | undefined {
  const a = facts.attempts[i]!;
  const next = facts.attempts[i + 1];
  if (a.clientClosedAt !== undefined)
    return { waited: a.clientClosedAt - a.startedAt, ended: 'left' };
  if (a.respondedAt !== undefined)
    return { waited: a.respondedAt - a.startedAt, ended: 'late-answer' };
  if (next !== undefined) {
    const gap = next.startedAt - a.startedAt;
    return { waited: gap - facts.timing.backoffAllowanceMs, ended: 'next-attempt', gap };
  }
  return undefined;
}

/** The wait on a held (no-answer) attempt `i` when it went past the timeout and its margin. */
export function lateWait(facts: ScenarioFacts, i: number): LateWait | undefined {
  const a = facts.attempts[i]!;
  if (stepFor(facts.scenario, a.index).kind !== 'no-answer') return undefined;
  const seen = waitedOnSilence(facts, i);
  const marginMs = facts.timing.giveUpMarginMs + lagAround(facts, i);
  if (seen === undefined || seen.waited <= facts.settings.responseTimeoutMs + marginMs)
    return undefined;
  return { ...seen, marginMs };
}

/**
 * What a conforming sender does in this scenario, given what happened: as the scenario says, except
 * that an attempt the sender may have left at its timeout (see {@link mayHaveTimedOut}) counts as a
 * timeout, which the policy may retry.
 */
export function effectiveExpectation(facts: ScenarioFacts): ScenarioFacts['expected'] {
  const { scenario, settings, attempts } = facts;
  for (let n = 1; ; n++) {
    const step = stepFor(scenario, n - 1);
    const timedOut =
      n <= attempts.length && step.kind === 'status' && mayHaveTimedOut(facts, n - 1);
    const condition = timedOut ? 'timeout' : stepCondition(step);
    if (condition === undefined) return { attempts: n, delivered: true };
    if (!retries(settings, condition, n)) return { attempts: n, delivered: false };
  }
}

/** Why answered attempt `i` counts as a timeout by its connection (see {@link mayHaveMissedAnswer}). */
function missedAnswerNote(facts: ScenarioFacts, i: number): string {
  const a = facts.attempts[i]!;
  const end = a.connectionEnd!;
  const answered = `was answered ${Math.round(a.respondedAt! - a.startedAt)} ms after it arrived`;
  const why =
    end.by === 'sender'
      ? `the sender closed its connection ${Math.round(end.at - a.startedAt)} ms after it ` +
        `arrived and tried again on another`
      : `the next attempt came ${Math.round(facts.attempts[i + 1]!.startedAt - a.startedAt)} ms ` +
        `after it, on another connection (the receiver had closed that one)`;
  return (
    `${answered}, but ${why}: the sender's timer, set when it sent, may have run out before the ` +
    `answer reached it`
  );
}

/** Why attempt `i` counts as a timeout (see {@link mayHaveTimedOut}), in words. */
function timedOutNote(facts: ScenarioFacts, i: number): string {
  const a = facts.attempts[i]!;
  if (
    a.respondedAt !== undefined &&
    a.respondedAt - a.startedAt + lagAround(facts, i) < facts.settings.responseTimeoutMs
  )
    return missedAnswerNote(facts, i);
  if (a.respondedAt !== undefined)
    return (
      `was answered only ${Math.round(a.respondedAt - a.startedAt)} ms after it arrived, past the ` +
      `response timeout, as this check's event loop lagged ${lagAround(facts, i)} ms`
    );
  const head = Math.round(a.startedAt - timerStartBound(facts, i)!);
  return (
    `was left after ${Math.round(a.clientClosedAt! - a.startedAt)} ms, before its answer, but the ` +
    `sender's timer may have started up to ${head} ms before the request arrived ` +
    `(${i === 0 ? 'when its run started' : 'when the attempt before ended'}), so it may have run ` +
    `its whole response timeout`
  );
}

/** Lag below this is not worth a line in the finding. */
const NOTED_LAG_MS = 100;

/**
 * What the finding says about how its timings were judged: attempts counted as timeouts because the
 * sender's timer may have started well before the request arrived, and the extra margin the check's
 * own lag gave. Empty when nothing was widened.
 */
export function timingNotes(facts: ScenarioFacts): string[] {
  const notes: string[] = [];
  let lag = 0;
  facts.attempts.forEach((a, i) => {
    const step = stepFor(facts.scenario, a.index);
    // The attempts whose timing is judged: held, slow, or left before their answer.
    const timed =
      leftUnanswered(a) ||
      step.kind === 'no-answer' ||
      (step.kind === 'status' && step.delayFraction !== undefined);
    if (timed) lag = Math.max(lag, lagAround(facts, i));
    if (step.kind !== 'status' || !mayHaveTimedOut(facts, i)) return;
    notes.push(`attempt ${i + 1} ${timedOutNote(facts, i)}: judged as a timeout`);
  });
  if (lag >= NOTED_LAG_MS)
    notes.push(
      `judged with ${(lag / 1000).toFixed(2)} s of extra margin: this check's event loop lagged ` +
        `${lag} ms while the attempts were under way`,
    );
  return notes;
}
