import type { Finding } from '../../report/Report.js';
import { describeExchange, is2xx, is3xx, type Exchange } from '../receiver/Exchange.js';
import type { ExchangeView } from '../receiver/exchangeTimeline.js';
import { answeredAsExpected, withExchanges } from '../receiver/withExchanges.js';
import { SHRINK_REQUESTS, type ExploreFailure, type PropertyOutcome } from './exploreProperty.js';
import { recordingLine } from './recordingLine.js';

/** How much of a body a detail line quotes; the timeline and the recording line hold it whole. */
const BODY_QUOTED = 2048;
/** How much of the receiver's answer a detail line quotes. */
const ANSWER_QUOTED = 200;

/** What came back, without timings (the same run gives the same words): `HTTP 500`, `no answer …`. */
function answerWords(e: Exchange, timeoutSeconds: number): string {
  return e.status !== undefined && !is3xx(e)
    ? `HTTP ${e.status}`
    : describeExchange(e, timeoutSeconds);
}

/** The one line naming the defect: what the smallest failing body is, what it got, what was due. */
function defectSummary(outcome: PropertyOutcome, failure: ExploreFailure, timeoutSeconds: number) {
  const { property } = outcome;
  const got = answerWords(failure.exchange, timeoutSeconds);
  const again = failure.resent
    ? ' when sent again (acknowledged earlier in the run: this was a retry of it)'
    : '';
  const what = `${property.kind} (${failure.probe.what}) got ${got}${again}`;
  if (property.expect === 'acknowledged') return `${what}; expected a 2xx`;
  return is2xx(failure.exchange)
    ? `${what}; expected a 4xx: OCS never resends an acknowledged notification, so a receiver that ` +
        'acknowledges what it cannot use loses that data silently'
    : `${what}; expected a 4xx`;
}

/** The lines that let a person see and replay the failure. */
function failureDetails(
  outcome: PropertyOutcome,
  failure: ExploreFailure,
  view: ExchangeView,
  replay: string,
): string[] {
  const { body } = failure.probe;
  const bytes = Buffer.byteLength(body);
  const shown =
    body.length > BODY_QUOTED
      ? `${body.slice(0, BODY_QUOTED)}… (the timeline and the recording line hold it whole)`
      : body;
  const answer = failure.exchange.body ?? '';
  const stopped = failure.shrunkFully
    ? ''
    : ` (shrinking stopped at its limit of ${SHRINK_REQUESTS} requests or at the time limit: a smaller body may fail too)`;
  return [
    `smallest failing body (${bytes} bytes): ${shown}`,
    ...(answer !== ''
      ? [
          `it answered: ${answer.slice(0, ANSWER_QUOTED)}${answer.length > ANSWER_QUOTED ? '…' : ''}`,
        ]
      : []),
    `found at run ${failure.foundAtRun} of ${outcome.runsAsked}, shrunk with ${failure.shrinkRequests} further requests${stopped}`,
    `seed ${outcome.seed}, path ${failure.path}: ${replay} runs this exploration again`,
    `recording line (save it as a .ndjson file; cpn-kit replay FILE --uri URL sends it again): ${recordingLine(failure.exchange, failure.probe.etag, failure.sentAt, view)}`,
  ];
}

/**
 * The finding of one explored property: passed with how many requests, or failed with the smallest
 * failing body, what it got, the seed and path that replay it, its curl command and a recording line.
 */
export function exploreFinding(
  outcome: PropertyOutcome,
  view: ExchangeView,
  replay: string,
): Finding {
  const { property, failure } = outcome;
  const base = { id: property.id, title: property.title, durationMs: outcome.durationMs };
  if (failure === undefined) {
    if (outcome.runs === 0)
      return { ...base, status: 'skip', summary: 'not run: the time limit was spent before it' };
    const cut = outcome.cutByTime
      ? `; the time limit ended it after ${outcome.runs} of ${outcome.runsAsked} runs`
      : '';
    const answered = property.expect === 'acknowledged' ? 'acknowledged' : 'refused';
    return {
      ...base,
      status: 'pass',
      summary: `${outcome.runs} generated requests, each ${answered} (seed ${outcome.seed})${cut}`,
    };
  }
  const finding: Finding = {
    ...base,
    status: 'fail',
    summary: defectSummary(outcome, failure, view.timeoutSeconds),
    details: failureDetails(outcome, failure, view, replay),
  };
  const ok = answeredAsExpected({ validMessages: property.expect === 'acknowledged' });
  return withExchanges(finding, [failure.exchange], ok, view);
}
