import type { Finding } from '../../report/Report.js';
import type { ScenarioSession } from '../../scenarios/createScenarioSession.js';
import type { RecordedAttempt, ScenarioPlay } from '../../scenarios/ScenarioPlay.js';
import type { LagReading } from '../LagMeter.js';
import { judgeEnvelope } from './judgeEnvelope.js';
import { judgeScenarioFacts, senderLog } from './judgeScenario.js';
import { scenarioFacts, story } from './scenarioFacts.js';
import type { ScenarioRun, SenderOutcome } from './SenderRun.js';

/** What is known of the sender's side of a session. */
export interface SessionEvidence {
  /**
   * Per scenario id: what the sender concluded, or its whole run (a send function per scenario, an
   * --exec run per scenario).
   */
  readonly outcomes?: Readonly<Record<string, SenderOutcome | ScenarioRun>>;
  /** One run for the whole catalog (a sender run once for every scenario, or a real OCS). */
  readonly run?: ScenarioRun;
  /**
   * What the check measured besides the wire, by which its timing judgements are widened: when each
   * scenario's run started (ms on the session's clock), and its own event-loop lag.
   */
  readonly measured?: {
    readonly runStartedAt?: Readonly<Record<string, number>>;
    readonly lag?: LagReading;
  };
  /** Scenarios left unjudged (a run interrupted, or still going on), each a SKIP with this summary. */
  readonly notJudged?: { readonly ids: ReadonlySet<string>; readonly summary: string };
}

const NOT_GIVEN: ScenarioRun = { unobservable: 'no outcome was given for this scenario' };

function runFor(evidence: SessionEvidence, id: string): ScenarioRun {
  const given = evidence.outcomes?.[id];
  if (given !== undefined) return typeof given === 'string' ? { outcome: given } : given;
  return evidence.run ?? NOT_GIVEN;
}

/** The leading finding about the sender itself: it sent nothing at all, or some of its runs went wrong. */
function judgeSenderRuns(
  session: ScenarioSession,
  evidence: SessionEvidence,
  plays: readonly ScenarioPlay[],
): Finding | undefined {
  const runs = [
    ...Object.entries(evidence.outcomes ?? {}).map(
      ([id, r]) => [id, typeof r === 'string' ? { outcome: r } : r] as const,
    ),
    ...(evidence.run ? [['sender', evidence.run] as const] : []),
  ];
  const title = 'the sender ran and sent its notifications';
  const nothing = plays.every((p) => p.attempts.length === 0) && session.unassigned.length === 0;
  if (nothing && runs.length > 0) {
    const withLog = runs.find(([, r]) => (r.log ?? []).length > 0)?.[1];
    const ends = [
      ...new Set(runs.map(([, r]) => r.problem ?? r.ended).filter((e) => e !== undefined)),
    ];
    const how = ends.length > 0 ? ` (${ends.join('; ')})` : '';
    const details = senderLog(withLog?.log);
    return {
      id: 'sender-process',
      title,
      status: 'fail',
      summary: `the sender sent nothing in ${runs.length === 1 ? 'its run' : `any of its ${runs.length} runs`}${how}`,
      ...(details.length > 0 ? { details } : {}),
    };
  }
  const broken = runs.filter(([, r]) => r.problem !== undefined);
  if (broken.length === 0) return undefined;
  const lines = broken.map(([id, r]) => `the run for ${id} ${r.problem}`);
  return {
    id: 'sender-process',
    title,
    status: 'fail',
    summary:
      broken.length === 1
        ? `the sender's run for ${broken[0]![0]} ${broken[0]![1].problem}`
        : `${broken.length} sender runs went wrong: ${lines[0]}`,
    details: [...lines.slice(1), ...senderLog(broken[0]![1].log)],
  };
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
      details: anonymous
        .slice(0, 5)
        .map(
          (a) => `${a.method} ${a.url} (Content-Length ${a.headers['content-length'] ?? 'absent'})`,
        ),
    });
  }
  const extra = unassigned.filter((a) => a.guid !== undefined);
  if (extra.length > 0) {
    findings.push({
      id: 'extra-notifications',
      title: 'notifications beyond the scenario catalog',
      status: 'warn',
      summary: `${extra.length} request(s) for notifications beyond the scenarios (answered 200, not judged)`,
    });
  }
  return findings;
}

/**
 * Judges a whole session: a leading `sender-process` finding when the sender sent nothing or a run
 * went wrong, one finding per scenario (about behaviour: attempts, retries, timeouts, redirects, the
 * outcome the sender concluded), one `request-envelope` finding for what every request must be, and
 * findings for requests that could not be tied to a notification.
 *
 * @example
 * const findings = judgeSession(session, { outcomes: { 'ok-200': 'delivered', 'redirect-302': 'failed' } });
 */
export function judgeSession(session: ScenarioSession, evidence: SessionEvidence = {}): Finding[] {
  const skipped = evidence.notJudged;
  const judged = session.plays.filter((p) => skipped?.ids.has(p.scenario.id) !== true);
  const senderRuns = judgeSenderRuns(session, evidence, judged);
  const quiet = senderRuns?.summary.startsWith('the sender sent nothing') === true;
  const scenarios = session.plays.map((play) => {
    if (skipped?.ids.has(play.scenario.id) === true) return notJudgedFinding(play, skipped.summary);
    const run = runFor(evidence, play.scenario.id);
    // When the sender sent nothing at all, its output is shown once, in the leading finding.
    const shown = quiet ? { ...run, log: [] } : run;
    const ambiguity = session.ambiguities.find((a) => a.owing === play.scenario.id);
    const runStartedAt = evidence.measured?.runStartedAt?.[play.scenario.id];
    const measured = {
      ...(runStartedAt !== undefined ? { runStartedAt } : {}),
      ...(evidence.measured?.lag ? { lag: evidence.measured.lag } : {}),
    };
    return judgeScenarioFacts(
      scenarioFacts(
        play.scenario,
        session,
        play.attempts,
        session.redirectHits,
        shown,
        ambiguity,
        measured,
      ),
      false,
    );
  });
  const attempts = judged.flatMap((p) => p.attempts);
  return [
    ...(senderRuns ? [senderRuns] : []),
    ...scenarios,
    judgeEnvelope(attempts),
    ...judgeUnassigned(session.unassigned),
  ];
}

/** A scenario left unjudged: a SKIP saying why, and how far it had got. */
function notJudgedFinding(play: ScenarioPlay, summary: string): Finding {
  const { scenario, attempts } = play;
  return {
    id: scenario.id,
    title: `${scenario.title}: ${scenario.expectation}`,
    status: 'skip',
    summary,
    ...(attempts.length > 0 ? { details: [`seen so far: ${story(attempts)}`] } : {}),
  };
}
