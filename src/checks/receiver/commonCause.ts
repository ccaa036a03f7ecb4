import type { Finding } from '../../report/Report.js';
import { describeExchange, is2xx, is3xx, noAnswerWithin, type Exchange } from './Exchange.js';
import { htmlPageOf, sameHtmlPage } from './htmlPage.js';
import { RATE_LIMIT_ADVICE, retryAfterNote } from './rateLimitFinding.js';

/** What every valid notification's answer had in common, when they were all refused the same way. */
export interface CommonCause {
  readonly finding: Finding;
  /**
   * The status they all got, or `timeout`, or the kind of failure; or `html-page`: every answer was
   * the same HTML page (a sign-in gateway), whose 2xx is no acknowledgement.
   */
  readonly answer: number | string;
  /** For `html-page`: which page ({@link htmlPageOf}'s `sameAs`), and its title when it has one. */
  readonly page?: { readonly sameAs: string; readonly title?: string };
}

/** What else a common cause is judged with. */
export interface CauseContext {
  /**
   * The answers to the bodies that must be refused. When they got the very HTML page the valid
   * notifications got, with a 2xx, that page is what stands in front of the endpoint.
   */
  readonly refusals?: readonly Exchange[];
  /** How many requests were sent before the check stopped sending (none of them answered in time). */
  readonly stoppedAfter?: number;
}

const snippet = (e: Exchange) => {
  const text = (e.body ?? '').replace(/\s+/g, ' ').trim();
  return text === ''
    ? ''
    : `; it answered: ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`;
};

function redirectAdvice(url: string, location: string): string {
  let target: URL;
  try {
    target = new URL(location, url);
  } catch {
    return 'its Location cannot be read as a URL';
  }
  const from = new URL(url);
  if (target.origin === from.origin && target.pathname === `${from.pathname.replace(/\/$/, '')}/`)
    return `the endpoint wants the trailing slash: use ${target.href}`;
  if (/log-?in|sign-?in|sso|auth|session/i.test(target.pathname))
    return (
      'a login redirect: OCS cannot log in; exempt the endpoint from it and authenticate ' +
      'with a static header (--header)'
    );
  return `if ${target.href} is the endpoint, point OCS (and this check) at it`;
}

function statusAdvice(
  status: number,
  e: Exchange,
  url: string,
  headerNames: readonly string[],
): string {
  const path = new URL(url).pathname;
  if (status === 401 || status === 403) return authAdvice(e, headerNames);
  if (status === 404) return `check the path: nothing answers POST ${path}${snippet(e)}`;
  if (status === 405)
    return `the endpoint does not take POST${e.headers?.allow !== undefined ? ` (Allow: ${e.headers.allow})` : ''}`;
  if (status === 415)
    return `the endpoint refuses Content-Type: application/json, which OCS always sends${snippet(e)}`;
  if (status === 429)
    return `a rate limit refused them before the endpoint read them${retryAfterNote(e)}: ${RATE_LIMIT_ADVICE}${snippet(e)}`;
  if (status >= 500) return `the receiver fails on every notification; see its logs${snippet(e)}`;
  return `valid notifications are refused${snippet(e)}`;
}

/** The usual causes of a 401/403 that an answer shows, each with what to do. */
const AUTH_CAUSES: readonly {
  readonly seen: RegExp;
  readonly advice: (quote: string) => string;
}[] = [
  {
    seen: /[^.<>\n"]*\bcsrf\b[^.<>\n"]*/i,
    advice: (quote) =>
      `a CSRF check refused it ("${quote}"): OCS sends no cookie and no CSRF token, so exempt ` +
      `the endpoint from CSRF protection`,
  },
  {
    seen: /[^.<>\n"]*\b(?:token|jwt|signature|credentials?)\b[^.<>\n"]*\bexpired\b[^.<>\n"]*|[^.<>\n"]*\bexpired\b[^.<>\n"]*\b(?:token|jwt|signature|credentials?)\b[^.<>\n"]*/i,
    advice: (quote) =>
      `the token has expired ("${quote}"): OCS sends the same static header for as long as it ` +
      `runs, so give it a token that does not expire`,
  },
  {
    seen: /<form\b[^>]*>[\s\S]*?(?:password|log ?in|sign ?in)/i,
    advice: () =>
      'it answers with a login page: OCS cannot log in; exempt the endpoint from it and ' +
      'authenticate with a static header',
  },
];

/** What to do about every valid notification refused with 401 or 403. */
function authAdvice(e: Exchange, headerNames: readonly string[]): string {
  const body = e.body ?? '';
  const causes = AUTH_CAUSES.flatMap(({ seen, advice }) => {
    const found = seen.exec(body)?.[0]?.replace(/\s+/g, ' ').trim();
    return found !== undefined
      ? [advice(found.length > 80 ? `${found.slice(0, 77)}...` : found)]
      : [];
  });
  const scheme = e.headers?.['www-authenticate'];
  const asks = scheme !== undefined ? ` (WWW-Authenticate: ${scheme})` : '';
  const headers =
    headerNames.length > 0
      ? `the headers given (${headerNames.join(', ')}) were sent with every request and ` +
        `refused${asks}: is the token valid for this endpoint, with the scheme it expects?`
      : `does the endpoint need a token${asks}? OCS can only send static headers: give it with ` +
        `--header 'Authorization: Bearer …'`;
  // A cause the answer shows says what to do; otherwise, whether the token given is the question.
  return `${(causes.length > 0 ? causes : [headers]).join('; ')}${snippet(e)}`;
}

/**
 * One leading finding when every valid notification was refused the same way — the same status, a
 * redirect, no answer in time, the same connection failure — saying what they have in common and
 * what to do. Undefined when the answers differ, or any was a 2xx. `headerNames` are the static
 * headers given to the check (a 401/403 is then not told to give one).
 */
export function commonCause(
  valid: readonly Exchange[],
  url: string,
  timeoutSeconds: number,
  headerNames: readonly string[] = [],
  context: CauseContext = {},
): CommonCause | undefined {
  if (valid.length < 2) return undefined;
  const page = pageCause(valid, context.refusals ?? [], headerNames);
  if (page !== undefined || valid.some(is2xx)) return page;
  const found = sharedAnswer(valid, url, timeoutSeconds, headerNames, context.stoppedAfter);
  if (found === undefined) return undefined;
  const finding: Finding = {
    id: 'common-cause',
    title: 'what every failure has in common',
    status: 'fail',
    summary: found.summary,
  };
  return { answer: found.answer, finding };
}

/** What every exchange got, when they all got the same (a timeout, one failure, one status), in words. */
function sharedAnswer(
  valid: readonly Exchange[],
  url: string,
  timeoutSeconds: number,
  headerNames: readonly string[],
  stoppedAfter: number | undefined,
): { answer: CommonCause['answer']; summary: string } | undefined {
  const first = valid[0]!;
  if (valid.every((e) => e.failure?.kind === 'timeout'))
    return {
      answer: 'timeout',
      summary:
        stoppedAfter !== undefined
          ? `none of the first ${stoppedAfter} requests got an answer within the response timeout ` +
            `(${timeoutSeconds} s): the receiver is too slow for OCS, or hung; the other requests ` +
            `were not sent, as each would only have waited out the timeout too`
          : `no request got an answer within the response timeout (${timeoutSeconds} s): the ` +
            `receiver is too slow for OCS, or hung (each check below says ` +
            `${noAnswerWithin(timeoutSeconds)})`,
    };
  const failure = first.failure;
  if (failure !== undefined && valid.every((e) => e.failure?.kind === failure.kind))
    return {
      answer: failure.kind,
      summary: `every request failed the same way: ${describeFailure(first)}`,
    };
  const status = first.status;
  if (status === undefined || !valid.every((e) => e.status === status)) return undefined;
  if (!is3xx(first))
    return {
      answer: status,
      summary: `every request got ${status}: ${statusAdvice(status, first, url, headerNames)}`,
    };
  const location = first.headers?.location ?? '(no Location)';
  return {
    answer: status,
    summary:
      `the URL redirects to ${resolveLocation(location, url)} (HTTP ${status}): OCS never follows ` +
      `redirects, so every notification would fail; ${redirectAdvice(url, location)}`,
  };
}

function resolveLocation(location: string, url: string): string {
  try {
    return new URL(location, url).href;
  } catch {
    return location;
  }
}

const describeFailure = (e: Exchange) =>
  e.failure !== undefined && e.failure.kind !== 'timeout' ? e.failure.text : 'no answer';

/**
 * The common cause when every answer — to the valid notifications and to the bodies that must be
 * refused alike — was the same HTML page with a 2xx: something in front of the endpoint answers for
 * it (a sign-in gateway, most likely), and OCS would take each of those 2xx for an acknowledgement.
 */
function pageCause(
  valid: readonly Exchange[],
  refusals: readonly Exchange[],
  headerNames: readonly string[],
): CommonCause | undefined {
  if (refusals.length === 0) return undefined;
  const same = sameHtmlPage([...valid, ...refusals]);
  if (same === undefined) return undefined;
  const { page, first } = same;
  const titled = page.title !== undefined ? ` titled "${page.title}"` : '';
  const type = first.headers?.['content-type'] ?? 'text/html';
  const way =
    headerNames.length > 0
      ? `exempt the endpoint from it: the headers given (${headerNames.join(', ')}) did not get past it`
      : 'exempt the endpoint from it and authenticate with a static header (--header)';
  const summary =
    `every answer is the same HTML page${titled} (HTTP ${first.status}, ${type}), to the bodies ` +
    `that must be refused too: a sign-in gateway in front of the endpoint? OCS cannot sign in, and ` +
    `takes the ${first.status} for an acknowledgement, so every notification would be lost; ${way}`;
  return {
    answer: 'html-page',
    page: { sameAs: page.sameAs, ...(page.title !== undefined ? { title: page.title } : {}) },
    finding: {
      id: 'common-cause',
      title: 'what every failure has in common',
      status: 'fail',
      summary,
    },
  };
}

/**
 * What a valid notification's check says when its answer was the page of an `html-page` cause: no
 * acknowledgement, since whatever answered did not look at the notification.
 */
export function notAcknowledged(e: Exchange, cause: CommonCause, timeoutSeconds: number): string {
  const page = cause.page?.title !== undefined ? `the page "${cause.page.title}"` : 'an HTML page';
  return (
    `not an acknowledgement: ${describeExchange(e, timeoutSeconds)} with ${page}, the answer ` +
    `every request got, the bodies that must be refused too (see common-cause)`
  );
}

/**
 * True when an answer shows the common cause (the same status or failure, or the same HTML page), so
 * it says nothing of what the check looks at.
 */
export function showsCommonCause(e: Exchange, cause: CommonCause | undefined): boolean {
  if (cause === undefined) return false;
  if (cause.answer === 'html-page') return is2xx(e) && htmlPageOf(e)?.sameAs === cause.page?.sameAs;
  if (typeof cause.answer === 'number') return e.status === cause.answer;
  return cause.answer === 'timeout'
    ? e.failure?.kind === 'timeout'
    : e.failure?.kind === cause.answer;
}
