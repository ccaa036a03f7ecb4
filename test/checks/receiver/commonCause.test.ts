/**
 * The leading common-cause finding when every valid notification got 401 or 403: it says what to do
 * for the case at hand — give a token, or check the one given — quotes the answer, and names the
 * usual causes the answer shows.
 */
import { describe, expect, it } from 'vitest';
import { commonCause } from '../../../src/checks/receiver/commonCause.js';
import { asOcs } from '../../../src/checks/receiver/probeChecks.js';
import type { Exchange } from '../../../src/checks/receiver/Exchange.js';

const URL = 'http://127.0.0.1:8080/crm/notifications';

/** Two valid notifications, both answered alike. */
function answeredAlike(status: number, body: string, headers: Record<string, string> = {}) {
  const one = (label: string): Exchange => ({
    label,
    url: URL,
    request: asOcs({}, '{}', label),
    startedAt: 0,
    durationMs: 3,
    status,
    headers,
    body,
  });
  return [one('a'), one('b')];
}

describe('commonCause: every request got 401 or 403', () => {
  it('without a header given: asks for a token with --header, quoting the answer', () => {
    const cause = commonCause(
      answeredAlike(401, '{"error":"missing bearer token"}', {
        'www-authenticate': 'Bearer realm="crm"',
      }),
      URL,
      5,
    );
    expect(cause?.finding.summary).toBe(
      'every request got 401: does the endpoint need a token (WWW-Authenticate: Bearer ' +
        'realm="crm")? OCS can only send static headers: give it with --header ' +
        '\'Authorization: Bearer …\'; it answered: {"error":"missing bearer token"}',
    );
  });

  it('with a header given: never says to use --header; asks whether the token is right', () => {
    const cause = commonCause(answeredAlike(401, 'invalid token'), URL, 5, ['authorization']);
    expect(cause?.finding.summary).toBe(
      'every request got 401: the headers given (authorization) were sent with every request and ' +
        'refused: is the token valid for this endpoint, with the scheme it expects?; it answered: ' +
        'invalid token',
    );
    expect(cause?.finding.summary).not.toMatch(/--header/);
  });

  it('a CSRF page (Django): names the CSRF check, quoting it, whatever headers were given', () => {
    const page =
      '<html><body><h1>Forbidden <span>(403)</span></h1><p>CSRF verification failed. Request ' +
      'aborted.</p><p>You are seeing this message because this site requires a CSRF cookie when ' +
      'submitting forms.</p></body></html>';
    for (const given of [[], ['authorization']]) {
      const summary = commonCause(answeredAlike(403, page), URL, 5, given)?.finding.summary;
      expect(summary).toMatch(
        /^every request got 403: a CSRF check refused it \("CSRF verification failed"\): OCS sends no cookie and no CSRF token, so exempt the endpoint from CSRF protection; it answered: <html>/,
      );
      expect(summary).not.toMatch(/--header/);
    }
  });

  it('an expired token: says so, quoting it', () => {
    const summary = commonCause(answeredAlike(401, '{"message":"Token has expired"}'), URL, 5, [
      'authorization',
    ])?.finding.summary;
    expect(summary).toBe(
      'every request got 401: the token has expired ("Token has expired"): OCS sends the same ' +
        'static header for as long as it runs, so give it a token that does not expire; it ' +
        'answered: {"message":"Token has expired"}',
    );
  });
});

describe('commonCause: a rate limit, an HTML page', () => {
  it('every request got 429: names the rate limit and its Retry-After', () => {
    const summary = commonCause(
      answeredAlike(429, 'Too many requests', { 'retry-after': '30' }),
      URL,
      5,
    )?.finding.summary;
    expect(summary).toBe(
      'every request got 429: a rate limit refused them before the endpoint read them ' +
        "(Retry-After: 30): exempt OCS's address from the limit, or raise it above OCS's busiest " +
        'minute; it answered: Too many requests',
    );
  });

  const page = (token: string) =>
    '<!doctype html><html><head><title>Sign in &middot; Acme</title></head><body>' +
    `<input name="csrf" value="${token}"></body></html>`;
  const html = { 'content-type': 'text/html' };

  it('the same page to the valid notifications and to the bad bodies: a sign-in gateway', () => {
    const valid = answeredAlike(200, page('a1b2c3d4e5f6a7b8c9d0'), html);
    const refusals = answeredAlike(200, page('ffeeddccbbaa99887766'), html);
    const cause = commonCause(valid, URL, 5, [], { refusals });
    expect(cause?.answer).toBe('html-page');
    expect(cause?.page?.title).toBe('Sign in · Acme');
    expect(cause?.finding.summary).toMatch(
      /^every answer is the same HTML page titled "Sign in · Acme" \(HTTP 200, text\/html\), to the bodies that must be refused too: a sign-in gateway in front of the endpoint\?/,
    );
  });

  it('an HTML page to the valid notifications and a 400 to the bad bodies: no common cause', () => {
    const valid = answeredAlike(200, page('a1b2c3d4e5f6a7b8c9d0'), html);
    const refusals = answeredAlike(400, '{"error":"invalid"}');
    expect(commonCause(valid, URL, 5, [], { refusals })).toBeUndefined();
  });

  it('a short text/html "OK" to everything is no page: no common cause', () => {
    const cause = commonCause(answeredAlike(200, 'OK', html), URL, 5, [], {
      refusals: answeredAlike(200, 'OK', html),
    });
    expect(cause).toBeUndefined();
  });
});
