import type { Finding } from '../../report/Report.js';
import { is2xx, is3xx, noAnswerWithin, type Exchange } from './Exchange.js';

/** What every valid notification's answer had in common, when they were all refused the same way. */
export interface CommonCause {
  readonly finding: Finding;
  /** The status they all got, or `timeout`, or the kind of failure. */
  readonly answer: number | string;
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

function statusAdvice(status: number, e: Exchange, url: string): string {
  const path = new URL(url).pathname;
  if (status === 401 || status === 403) {
    const scheme = e.headers?.['www-authenticate'];
    return (
      `does the endpoint need a ` +
      `token${scheme !== undefined ? ` (WWW-Authenticate: ${scheme})` : ''}? OCS can only send ` +
      `static headers: give it with --header 'Authorization: Bearer …'`
    );
  }
  if (status === 404) return `check the path: nothing answers POST ${path}${snippet(e)}`;
  if (status === 405)
    return `the endpoint does not take POST${e.headers?.allow !== undefined ? ` (Allow: ${e.headers.allow})` : ''}`;
  if (status === 415)
    return `the endpoint refuses Content-Type: application/json, which OCS always sends${snippet(e)}`;
  if (status >= 500) return `the receiver fails on every notification; see its logs${snippet(e)}`;
  return `valid notifications are refused${snippet(e)}`;
}

/**
 * One leading finding when every valid notification was refused the same way — the same status, a
 * redirect, no answer in time, the same connection failure — saying what they have in common and
 * what to do. Undefined when the answers differ, or any was a 2xx.
 */
export function commonCause(
  valid: readonly Exchange[],
  url: string,
  timeoutSeconds: number,
): CommonCause | undefined {
  if (valid.length < 2 || valid.some(is2xx)) return undefined;
  const found = sharedAnswer(valid, url, timeoutSeconds);
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
): { answer: CommonCause['answer']; summary: string } | undefined {
  const first = valid[0]!;
  if (valid.every((e) => e.failure?.kind === 'timeout'))
    return {
      answer: 'timeout',
      summary:
        `no request got an answer within the response timeout (${timeoutSeconds} s): the receiver ` +
        `is too slow for OCS, or hung (each check below says ${noAnswerWithin(timeoutSeconds)})`,
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
      summary: `every request got ${status}: ${statusAdvice(status, first, url)}`,
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
 * True when an answer shows the common cause (the same status or failure), so it says nothing of
 * what the check looks at.
 */
export function showsCommonCause(e: Exchange, cause: CommonCause | undefined): boolean {
  if (cause === undefined) return false;
  if (typeof cause.answer === 'number') return e.status === cause.answer;
  return cause.answer === 'timeout'
    ? e.failure?.kind === 'timeout'
    : e.failure?.kind === cause.answer;
}
