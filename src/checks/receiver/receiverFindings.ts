import type { Finding } from '../../report/Report.js';
import type { PactVerifierRun } from '../../pact/runPactVerifier.js';
import { notAcknowledged, showsCommonCause, type CommonCause } from './commonCause.js';
import type { LoadedPact } from '../../pact/loadPacts.js';
import {
  describeExchange,
  is3xx,
  isRateLimited,
  noAnswerWithin,
  type Exchange,
} from './Exchange.js';
import { ruleOf, type ReceiverCheck } from './ReceiverCheck.js';

/** A check with what it sent and got. */
export interface CheckRun {
  readonly check: ReceiverCheck;
  readonly exchanges: readonly Exchange[];
  /** The pact this check comes from, for a contract check. */
  readonly pact?: LoadedPact;
  readonly description?: string;
  /** Why the check's requests were not (all) sent, when they were not: it is then not judged. */
  readonly unsent?: string;
}

const duration = (exchanges: readonly Exchange[]) =>
  exchanges.reduce((sum, e) => sum + e.durationMs, 0);

/** Pact's Verifier's own words about one interaction, when it found something. */
function verifierWords(
  run: PactVerifierRun | undefined,
  description: string | undefined,
): string[] {
  if (run === undefined || description === undefined) return [];
  return run.mismatches
    .filter((m) => m.interaction.endsWith(` - ${description}`))
    .map((m) => `Pact's Verifier: ${m.message}`);
}

/**
 * One check's finding: its own verdict, Pact's where it has one, `skip` where the common cause
 * hides what it looks at.
 */
export function checkFinding(
  run: CheckRun,
  timeoutSeconds: number,
  verifier: PactVerifierRun | undefined,
  cause: CommonCause | undefined,
): Finding {
  const { check, exchanges } = run;
  const base = { id: check.id, title: check.title, durationMs: duration(exchanges) };
  const override = notJudgedAsSent(run, timeoutSeconds, cause);
  const rules = [ruleOf(check)];
  if (override !== undefined)
    return { ...base, ...override, ...(override.status === 'fail' ? { rules } : {}) };
  const verdict = check.judge(exchanges, { timeoutSeconds });
  const pactSays = verifierWords(verifier, run.description);
  const ok = verdict.ok && pactSays.length === 0;
  const summary =
    verdict.ok && !ok
      ? `${verdict.summary}, but ${pactSays[0]!.replace(/^Pact's Verifier: /, "Pact's Verifier found: ")}`
      : verdict.summary;
  // When the check's own verdict already failed, Pact's words on the same answer would only repeat it.
  const details = [...(verdict.details ?? []), ...(verdict.ok ? pactSays.slice(1) : [])];
  const status = ok ? 'pass' : run.pact?.pending === true ? 'warn' : 'fail';
  const pending = status === 'warn' ? ' (a pending pact: reported, not failing the check)' : '';
  return {
    ...base,
    status,
    summary: `${summary}${pending}`,
    ...(details.length > 0 ? { details } : {}),
    ...(status === 'fail' ? { rules } : {}),
  };
}

/**
 * The verdict of a check whose answers cannot be judged for what it looks at: not sent (a SKIP), a
 * refusal probe answered with the common cause or a rate limit (a SKIP: that answer says nothing
 * about the body), a valid notification answered with the page every request got (a FAIL: it never
 * reached the receiver, though OCS would count it delivered). Undefined for every other check.
 */
function notJudgedAsSent(
  run: CheckRun,
  timeoutSeconds: number,
  cause: CommonCause | undefined,
): Pick<Finding, 'status' | 'summary' | 'details'> | undefined {
  const { check, exchanges } = run;
  if (run.unsent !== undefined)
    return {
      status: 'skip',
      summary: `not sent: ${run.unsent}`,
      ...(exchanges.length > 0
        ? {
            details: exchanges.map(
              (e) => `sent first: ${e.label}: ${describeExchange(e, timeoutSeconds)}`,
            ),
          }
        : {}),
    };
  const shown = exchanges.every((e) => showsCommonCause(e, cause));
  if (check.validMessages)
    return shown && cause?.answer === 'html-page'
      ? { status: 'fail', summary: notAcknowledged(exchanges.at(-1)!, cause, timeoutSeconds) }
      : undefined;
  if (shown)
    return {
      status: 'skip',
      summary:
        `not judged: ${describeExchange(exchanges[0]!, timeoutSeconds)} is what every ` +
        `request got (see common-cause), so it says nothing about this body`,
    };
  if (exchanges.some(isRateLimited))
    return {
      status: 'skip',
      summary:
        'not judged: HTTP 429 Too Many Requests is a rate limit (see rate-limit), not a refusal ' +
        'of this body',
    };
  return undefined;
}

/** `no-redirect`: no answer of the whole run was a 3xx (OCS never follows one). */
export function noRedirectFinding(all: readonly Exchange[], timeoutSeconds: number): Finding {
  const answered = all.filter((e) => e.status !== undefined);
  const redirects = all.filter(is3xx);
  return {
    id: 'no-redirect',
    title: 'never answers 3xx (OCS does not follow redirects)',
    status: redirects.length === 0 ? 'pass' : 'fail',
    summary:
      redirects.length === 0
        ? `no redirect in ${answered.length} answers`
        : `${redirects.length} of ${answered.length} answers were redirects; OCS treats them as ` +
          `failures and does not follow them`,
    ...(redirects.length > 0 ? { rules: ['receiver-no-redirect'] } : {}),
    ...(redirects.length > 0
      ? {
          details: redirects
            .slice(0, 10)
            .map((e) => `${e.label}: ${describeExchange(e, timeoutSeconds)}`),
        }
      : {}),
  };
}

/** Lag below this is not worth a line in the finding. */
const NOTED_LAG_MS = 100;

/** The line saying the timeout was extended by the check's own lag, when it was by much. */
function lagNote(all: readonly Exchange[]): string[] {
  const lag = all.reduce((max, e) => Math.max(max, e.lagMs ?? 0), 0);
  return lag >= NOTED_LAG_MS
    ? [
        `judged with ${(lag / 1000).toFixed(2)} s of extra margin: this check's event loop lagged ` +
          `${lag} ms while requests waited for their answers`,
      ]
    : [];
}

/** `response-time`: every request got its answer within the response timeout. */
export function responseTimeFinding(all: readonly Exchange[], timeoutSeconds: number): Finding {
  const late = all.filter((e) => e.failure?.kind === 'timeout');
  const answered = all.filter((e) => e.status !== undefined);
  const slowest = answered.reduce((max, e) => Math.max(max, e.durationMs), 0);
  const title = `answers within the response timeout (${timeoutSeconds} s)`;
  const note = lagNote(all);
  if (all.length === 0 || (answered.length === 0 && late.length === 0))
    return { id: 'response-time', title, status: 'skip', summary: 'no answer was measured' };
  if (late.length === 0)
    return {
      id: 'response-time',
      title,
      status: 'pass',
      summary: `slowest answer ${Math.round(slowest)} ms of ${answered.length}`,
      ...(note.length > 0 ? { details: note } : {}),
    };
  return {
    id: 'response-time',
    title,
    status: 'fail',
    summary:
      `${late.length} of ${all.length} requests got ${noAnswerWithin(timeoutSeconds)}: ` +
      `OCS gives up on them and counts each as a failure`,
    details: [...late.slice(0, 10).map((e) => e.label), ...note],
    rules: ['receiver-in-time'],
  };
}

/** A finding for a Verifier that could not run, or requests of its that the check had not sent. */
export function verifierFinding(run: PactVerifierRun): Finding | undefined {
  const title = "Pact's Verifier judged the receiver's answers";
  if (run.error !== undefined) {
    const summary = /not installed/.test(run.error)
      ? run.error
      : `Pact's Verifier could not run: ${run.error.split('\n')[0]}`;
    return {
      id: 'pact-verification',
      title,
      status: 'fail',
      summary,
      details: run.output.trim().split('\n').slice(-15),
    };
  }
  if (run.unanswered.length > 0) {
    return {
      id: 'pact-verification',
      title,
      status: 'fail',
      summary:
        `Pact's Verifier sent ${run.unanswered.length} request(s) the check had not sent ` +
        `(a pact with generated values?), so it judged no answer for them`,
      details: run.unanswered,
    };
  }
  return undefined;
}
