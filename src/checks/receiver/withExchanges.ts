import type { Finding } from '../../report/Report.js';
import { curlCommand } from './curlCommand.js';
import { is2xx, is3xx, isRateLimited, type Exchange } from './Exchange.js';
import {
  exchangeTimeline,
  HIDDEN_VALUE,
  shownHeaders,
  type ExchangeView,
} from './exchangeTimeline.js';
import type { ReceiverCheck } from './ReceiverCheck.js';

/**
 * What a check wants of each of its answers: a 2xx for a valid notification, a refusal (neither 2xx
 * nor 3xx, nor a rate limit's 429) for a body that must not be acknowledged.
 */
export function answeredAsExpected(
  check: Pick<ReceiverCheck, 'validMessages'>,
): (e: Exchange) => boolean {
  return check.validMessages
    ? is2xx
    : (e) => e.status !== undefined && !is2xx(e) && !is3xx(e) && !isRateLimited(e);
}

/** The curl command that sends an exchange's request again, and whether hidden header values stand in it. */
export function curlOf(e: Exchange, view: ExchangeView): { command: string; hidden: boolean } {
  const headers = shownHeaders(e.request.headers, view);
  const hidden = Object.keys(headers).some((name) => view.hidden.has(name.toLowerCase()));
  const command = curlCommand({
    method: e.request.method,
    url: e.url,
    headers,
    body: e.request.body,
  });
  return { command, hidden };
}

/** What a reproducer says first when hidden header values stand in its curl commands. */
export const HIDDEN_NOTE = `# the values of --header are kept out of reports: put yours in place of ${HIDDEN_VALUE}`;

/** The curl command for a failing exchange; a comment first when hidden header values stand in it. */
function curlFor(e: Exchange, view: ExchangeView): string {
  const { command, hidden } = curlOf(e, view);
  return hidden ? `${HIDDEN_NOTE}\n${command}` : command;
}

/**
 * A receiver finding with the exchanges behind it: their timeline, and when it failed, the curl
 * command that sends its first wrong request again. When every answer looks right but the finding
 * failed (Pact's Verifier found the answer wrong), the last exchange — the one judged — is the one
 * marked part of the defect. Without exchanges the finding is left as it is.
 */
export function withExchanges(
  finding: Finding,
  exchanges: readonly Exchange[],
  ok: (e: Exchange) => boolean,
  view: ExchangeView,
): Finding {
  if (exchanges.length === 0) return finding;
  const failed = finding.status === 'fail' || finding.status === 'warn';
  const judged = exchanges.at(-1)!;
  const allOk = exchanges.every(ok);
  const shownOk = failed && allOk ? (e: Exchange) => e !== judged : ok;
  const wrong = exchanges.find((e) => !shownOk(e)) ?? judged;
  return {
    ...finding,
    timeline: exchangeTimeline(exchanges, shownOk, view),
    ...(finding.status === 'fail' ? { curl: curlFor(wrong, view) } : {}),
  };
}
