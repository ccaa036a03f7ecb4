import type { RecordFailure } from '../../record/RecordWriter.js';
import type { Finding } from '../../report/Report.js';
import { counted } from '../../util/counted.js';
import type { ConnectionCounter } from './ConnectionCounter.js';
import type { ProxyTally } from './ProxyTally.js';

/** What the whole run adds to the per-notification tally. */
export interface RunFacts {
  readonly target: URL;
  readonly poolSize: number;
  readonly connections: ConnectionCounter;
  readonly unreachable: { readonly count: number; readonly first: string };
  /** The requests forwarded to the target, and how many of them it answered. */
  readonly forwarded: { readonly total: number; readonly answered: number };
  /** The requests the proxy answered itself, not forwarding them: how many, and the first why. */
  readonly refused: { readonly count: number; readonly first: string };
  readonly retryWindowMs: number;
  /** The recording: its file, how many exchanges it holds, how many it lost and why. */
  readonly recording?: {
    readonly file: string;
    readonly count: number;
    readonly lost: number;
    readonly failure: RecordFailure | undefined;
  };
}

function poolFinding({ connections, poolSize }: RunFacts): Finding {
  const title = 'at most http-connection-pool-size connections at once';
  const over = connections.overPool;
  if (over === undefined)
    return {
      id: 'sender-pool',
      title,
      status: 'pass',
      summary: `at most ${connections.max} open at once (pool size ${poolSize}), ${connections.total} in all`,
    };
  return {
    id: 'sender-pool',
    title,
    status: 'fail',
    summary: `${connections.max} connections open at once (first ${over.open} at ${over.at.toISOString()}); http-connection-pool-size ${poolSize} allows ${poolSize}`,
  };
}

function reachableFinding({ unreachable, target, forwarded }: RunFacts): Finding {
  const title = 'the target accepted every forwarded request';
  if (unreachable.count > 0)
    return {
      id: 'target-reachable',
      title,
      status: 'fail',
      summary: `${unreachable.count} request(s) could not reach ${target.href} (${unreachable.first}); the sender got 502`,
    };
  if (forwarded.answered === 0)
    return {
      id: 'target-reachable',
      title,
      status: 'skip',
      summary: `${target.href} never answered: ${forwarded.total === 0 ? 'nothing was forwarded' : `none of ${counted(forwarded.total, 'forwarded request')} got an answer`}`,
    };
  return {
    id: 'target-reachable',
    title,
    status: 'pass',
    summary: `${target.href} answered ${forwarded.answered} of ${counted(forwarded.total, 'forwarded request')}`,
  };
}

/** Why the run does not cover every notification: none seen, or some still open; undefined when it does. */
export function incompleteBecause(
  tally: ProxyTally,
  { retryWindowMs }: RunFacts,
): string | undefined {
  const { notifications, open } = tally.counts;
  if (notifications === 0) return 'nothing observed: no notification reached the proxy';
  if (open === 0) return undefined;
  const { retry, answer } = tally.openBecause;
  const waiting = [
    ...(retry > 0
      ? [`${retry} waiting for a retry (the retry window is ${retryWindowMs / 1000} s)`]
      : []),
    ...(answer > 0 ? [`${answer} waiting for the target's answer`] : []),
  ];
  return `${counted(open, 'notification')} still open when the run ended: ${waiting.join(', ')}`;
}

/** Requests the proxy refused itself (a body over its limit, a dot segment): a warning when any. */
function refusedFinding({ refused }: RunFacts): Finding[] {
  if (refused.count === 0) return [];
  return [
    {
      id: 'proxy-refused',
      title: 'every request reached the target',
      status: 'warn',
      summary: `${counted(refused.count, 'request')} refused by the proxy itself, not forwarded; the first: ${refused.first}`,
    },
  ];
}

/** The recording, when it could not write every exchange: a warning naming how many and why. */
function recordingFinding({ recording }: RunFacts): Finding[] {
  if (recording === undefined || recording.lost === 0) return [];
  const { file, lost, failure } = recording;
  return [
    {
      id: 'recording',
      title: 'every exchange is in the recording',
      status: 'warn',
      summary: `${counted(lost, 'exchange')} could not be written to ${file}: ${failure?.why ?? 'unknown'} (first at ${failure?.at.toISOString() ?? '?'}); the recording is incomplete`,
    },
  ];
}

/** The report's findings: the count, each rule, the run-wide ones, the ambiguities, then notifications in full. */
export function proxyFindings(tally: ProxyTally, facts: RunFacts): Finding[] {
  const { notifications, delivered, lost, failed, open } = tally.counts;
  const recorded =
    facts.recording !== undefined
      ? `; ${facts.recording.count} exchanges recorded in ${facts.recording.file}`
      : '';
  const summary: Finding = {
    id: 'notifications',
    title: 'the notifications seen',
    status: notifications === 0 ? 'warn' : 'pass',
    summary:
      notifications === 0
        ? `no notification reached the proxy${recorded}`
        : `${counted(notifications, 'notification')}: ${delivered} delivered, ${lost} lost, ${failed} failed, ${open} still open at the end${recorded}`,
  };
  const ambiguity = tally.ambiguityFinding();
  return [
    summary,
    ...tally.ruleFindings(),
    poolFinding(facts),
    reachableFinding(facts),
    ...refusedFinding(facts),
    ...recordingFinding(facts),
    ...(ambiguity ? [ambiguity] : []),
    ...tally.notificationFindings(),
  ];
}
