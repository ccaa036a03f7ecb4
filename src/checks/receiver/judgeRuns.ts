import type { PactVerifierRun } from '../../pact/runPactVerifier.js';
import { commonCause } from './commonCause.js';
import { is3xx, isRateLimited } from './Exchange.js';
import { rateLimitFinding } from './rateLimitFinding.js';
import type { ExchangeView } from './exchangeTimeline.js';
import {
  checkFinding,
  noRedirectFinding,
  responseTimeFinding,
  verifierFinding,
  type CheckRun,
} from './receiverFindings.js';
import { answeredAsExpected, withExchanges } from './withExchanges.js';

/**
 * Every finding of a check, once the requests are answered: the common cause first, then a rate
 * limit met on the way, then each check's; each with the exchanges behind it (a failing one with its
 * curl command). `stoppedAfter`: the check stopped sending after that many requests, none answered.
 */
export function judgeRuns(
  runs: readonly CheckRun[],
  view: ExchangeView,
  url: string,
  verification: PactVerifierRun | undefined,
  stoppedAfter?: number,
) {
  const { timeoutSeconds } = view;
  const all = runs.flatMap((r) => r.exchanges);
  const valid = runs.filter((r) => r.check.validMessages).flatMap((r) => r.exchanges);
  const refusals = runs.filter((r) => !r.check.validMessages).flatMap((r) => r.exchanges);
  // The headers given to the check (hidden in reports) tell the common cause what was tried.
  const cause = commonCause(valid, url, timeoutSeconds, [...view.hidden], {
    refusals,
    ...(stoppedAfter !== undefined ? { stoppedAfter } : {}),
  });
  // A rate limit on every valid notification is the common cause itself.
  const rateLimit = cause?.answer === 429 ? undefined : rateLimitFinding(all);
  const checkFindings = runs.map((r) =>
    withExchanges(
      checkFinding(r, timeoutSeconds, verification, cause),
      r.exchanges,
      answeredAsExpected(r.check),
      view,
    ),
  );
  const verifierProblem = verification !== undefined ? verifierFinding(verification) : undefined;
  const late = all.filter((e) => e.failure?.kind === 'timeout');
  return {
    cause: cause && withExchanges(cause.finding, valid, () => false, view),
    rateLimit: rateLimit && withExchanges(rateLimit, all.filter(isRateLimited), () => false, view),
    verifierProblem,
    checkFindings,
    aggregate: [
      withExchanges(noRedirectFinding(all, timeoutSeconds), all.filter(is3xx), () => false, view),
      withExchanges(responseTimeFinding(all, timeoutSeconds), late, () => false, view),
    ],
  };
}
