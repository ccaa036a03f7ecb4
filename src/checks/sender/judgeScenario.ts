import type { Finding } from '../../report/Report.js';
import type { ScenarioSession } from '../../scenarios/createScenarioSession.js';
import { timingNotes } from './attemptTiming.js';
import { envelopeJudgement, type EnvelopeJudgement } from './judgeEnvelope.js';
import { scenarioFacts, story, type ScenarioFacts } from './scenarioFacts.js';
import { scenarioRules } from './scenarioRules.js';
import { scenarioTimeline } from './scenarioTimeline.js';
import type { ScenarioRun, SenderOutcome } from './SenderRun.js';
import { badOption } from '../../errors/OptionError.js';
import type { ProtocolRuleId } from '../../ocs/protocolRules.js';

/** How many lines of the sender's own output a failing finding shows. */
export const SENDER_LOG_LINES = 8;

/** Stack frames and runtime banners say little to a person: the lines kept are the sender's own words. */
const NOISE = /^\s+at |^\s+File "|^Node\.js v\d/;

/** The last lines of a sender's output worth showing, each marked as the sender's. */
export function senderLog(log: readonly string[] | undefined): string[] {
  return (log ?? [])
    .filter((line) => !NOISE.test(line))
    .slice(-SENDER_LOG_LINES)
    .map((line) => `sender: ${line}`);
}

const logLines = (run: ScenarioRun) => senderLog(run.log);

/** One problem a protocol rule found. */
export interface ScenarioProblem {
  readonly rule: ProtocolRuleId;
  readonly text: string;
}

/** The problems the rules find, root causes first, consequences of a problem left out. */
export function scenarioProblems(facts: ScenarioFacts): ScenarioProblem[] {
  const masked = new Set<ProtocolRuleId>();
  const problems: ScenarioProblem[] = [];
  for (const rule of scenarioRules) {
    if (masked.has(rule.id)) continue;
    const found = rule.judge(facts);
    problems.push(...found.map((text) => ({ rule: rule.id, text })));
    if (found.length > 0) for (const id of rule.masks ?? []) masked.add(id);
  }
  return problems;
}

function passSummary(facts: ScenarioFacts): string {
  const { expected, run } = facts;
  const happened = story(facts.attempts);
  if (run.outcome !== undefined) return `${happened}, reported ${run.outcome} as expected`;
  const why = run.unobservable !== undefined ? ` (${run.unobservable})` : '';
  return (
    `${happened}: what a conforming sender does on the wire ` +
    `(${expected.delivered ? 'delivered' : 'given up'}); outcome not observable${why}`
  );
}

/** The finding of a scenario for which no request arrived. */
function nothingArrived(facts: ScenarioFacts, title: string): Finding {
  const how = facts.run.problem ?? facts.run.ended;
  const ended = how !== undefined ? ` (the sender ${how})` : '';
  const details = logLines(facts.run);
  return {
    id: facts.scenario.id,
    title,
    status: 'fail',
    summary: `no notification arrived for this scenario${ended}`,
    ...(details.length > 0 ? { details } : {}),
  };
}

const NO_ENVELOPE: EnvelopeJudgement = { errors: [], warnings: [] };

/**
 * One scenario's finding from its facts; `withEnvelope` adds the envelope problems of its own
 * attempts (an error fails; a warning, such as a chunked body without Content-Length, warns).
 */
export function judgeScenarioFacts(facts: ScenarioFacts, withEnvelope: boolean): Finding {
  const { scenario, attempts, run } = facts;
  const title = `${scenario.title}: ${scenario.expectation}`;
  if (attempts.length === 0) return nothingArrived(facts, title);
  const envelope = withEnvelope ? envelopeJudgement(attempts) : NO_ENVELOPE;
  const found: ScenarioProblem[] = [
    ...scenarioProblems(facts),
    ...envelope.errors.map((p) => ({ rule: 'sender-valid' as const, text: p.message })),
  ];
  const problems = found.map((p) => p.text);
  const warnings = envelope.warnings.map((p) => p.message);
  const shown = {
    durationMs: Math.max(
      ...attempts.map(
        (a) => (a.respondedAt ?? a.clientClosedAt ?? a.startedAt) - attempts[0]!.startedAt,
      ),
    ),
    timeline: scenarioTimeline(facts),
  };
  const notes = timingNotes(facts);
  const head = { id: scenario.id, title };
  if (problems.length === 0 && warnings.length === 0)
    return {
      ...head,
      status: 'pass',
      summary: passSummary(facts),
      ...(notes.length > 0 ? { details: notes } : {}),
      ...shown,
    };
  if (problems.length === 0)
    return {
      ...head,
      status: 'warn',
      summary: warnings[0]!,
      details: [...warnings.slice(1), `otherwise as expected: ${passSummary(facts)}`, ...notes],
      ...shown,
    };
  const details = [
    ...problems.slice(1),
    ...warnings.map((w) => `warning: ${w}`),
    `what happened: ${story(attempts)}`,
    ...notes,
    ...logLines(run),
  ];
  const rules = [...new Set(found.map((p) => p.rule))];
  return { ...head, status: 'fail', summary: problems[0]!, details, rules, ...shown };
}

/**
 * Judges one scenario of a session as a finding of its own (its envelope problems included), with
 * what the sender concluded: `delivered` or `failed` (a send function's result), or nothing when that
 * cannot be known.
 *
 * @example
 * const outcome = await notifyCrm(session.urlFor('error-500-then-200'), freshContactProcessed());
 * expect(judgeScenario(session, 'error-500-then-200', outcome).status).toBe('pass');
 */
export function judgeScenario(
  session: ScenarioSession,
  scenarioId: string,
  outcome?: SenderOutcome | ScenarioRun,
): Finding {
  const play = session.plays.find((p) => p.scenario.id === scenarioId);
  if (play === undefined)
    badOption(
      'scenarioId',
      `one of this session's scenarios: ${session.plays.map((p) => p.scenario.id).join(', ')}`,
      scenarioId,
    );
  const run: ScenarioRun =
    typeof outcome === 'string'
      ? { outcome }
      : (outcome ?? { unobservable: 'no outcome was given to judgeScenario' });
  const ambiguity = session.ambiguities.find((a) => a.owing === scenarioId);
  return judgeScenarioFacts(
    scenarioFacts(play.scenario, session, play.attempts, session.redirectHits, run, ambiguity),
    true,
  );
}
