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
  readonly recorded?: number | undefined;
  readonly record?: string | undefined;
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

function reachableFinding({ unreachable, target }: RunFacts): Finding {
  const title = 'the target accepted every forwarded request';
  if (unreachable.count === 0)
    return { id: 'target-reachable', title, status: 'pass', summary: `${target.href} answered` };
  return {
    id: 'target-reachable',
    title,
    status: 'fail',
    summary: `${unreachable.count} request(s) could not reach ${target.href} (${unreachable.first}); the sender got 502`,
  };
}

/** The report's findings: the count, each rule, the run-wide ones, the ambiguities, then notifications in full. */
export function proxyFindings(tally: ProxyTally, facts: RunFacts): Finding[] {
  const { notifications, delivered, lost, open } = tally.counts;
  const recorded =
    facts.record !== undefined
      ? `; ${facts.recorded ?? 0} exchanges recorded in ${facts.record}`
      : '';
  const summary: Finding = {
    id: 'notifications',
    title: 'the notifications seen',
    status: notifications === 0 ? 'warn' : 'pass',
    summary:
      notifications === 0
        ? `no notification reached the proxy${recorded}`
        : `${counted(notifications, 'notification')}: ${delivered} delivered, ${lost} lost, ${open} still open at the end${recorded}`,
  };
  const ambiguity = tally.ambiguityFinding();
  return [
    summary,
    ...tally.ruleFindings(),
    poolFinding(facts),
    reachableFinding(facts),
    ...(ambiguity ? [ambiguity] : []),
    ...tally.notificationFindings(),
  ];
}
