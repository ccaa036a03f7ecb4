/**
 * What every request must be, judged once for the session (request-envelope) and, in-process, with
 * each scenario (judgeScenario): an error fails, a warning (a chunked body without Content-Length,
 * which HTTP/1.1 allows but OCS never sends) warns and says so, without failing.
 */
import { describe, expect, it } from 'vitest';
import { judgeEnvelope } from '../../../src/checks/sender/judgeEnvelope.js';
import { judgeScenario } from '../../../src/checks/sender/judgeScenario.js';
import { freshContactProcessed } from '../../../src/message/freshContactProcessed.js';
import { createScenarioSession } from '../../../src/scenarios/createScenarioSession.js';
import type { RecordedAttempt } from '../../../src/scenarios/ScenarioPlay.js';

const chunkedWarning =
  'Content-Length header: expected the body length in bytes, as OCS sends it, found none: the ' +
  'body came chunked (Transfer-Encoding: chunked), which HTTP/1.1 allows, but a receiver that ' +
  'requires a length answers 411 Length Required';

function attempt(headers: Record<string, string>, index = 0): RecordedAttempt {
  const message = freshContactProcessed();
  const body = Buffer.from(JSON.stringify(message));
  return {
    index,
    method: 'POST',
    url: 'http://127.0.0.1:1/cpn/ok-200',
    headers: {
      'content-type': 'application/json',
      etag: message.GSW_MESSAGE_GUID,
      'user-agent': 'T/1',
      ...headers,
    },
    body,
    message,
    guid: message.GSW_MESSAGE_GUID,
    startedAt: 0,
    response: 'answered 200',
    status: 200,
    respondedAt: 1,
  };
}
const chunked = () => attempt({ 'transfer-encoding': 'chunked' });
const withLength = () => {
  const a = attempt({});
  return { ...a, headers: { ...a.headers, 'content-length': String(a.body.byteLength) } };
};

describe('judgeEnvelope', () => {
  it('chunked bodies without Content-Length: a WARN that says how many, and why', () => {
    const finding = judgeEnvelope([chunked(), withLength(), chunked()]);
    expect(finding.status).toBe('warn');
    expect(finding.summary).toBe(`2 of 3 requests: ${chunkedWarning}`);
    expect(finding.details).toBeUndefined();
  });

  it('no length and no chunked coding: still a FAIL (the body has no length at all)', () => {
    const finding = judgeEnvelope([attempt({})]);
    expect(finding.status).toBe('fail');
    expect(finding.summary).toMatch(
      /^every request: Content-Length header: expected the body length/,
    );
  });

  it('an error and the warning: FAIL on the error, the warning listed after it as a warning', () => {
    const finding = judgeEnvelope([
      attempt({ 'transfer-encoding': 'chunked', 'content-type': 'text/plain' }),
    ]);
    expect(finding.status).toBe('fail');
    expect(finding.summary).toMatch(/^every request: Content-Type header: expected/);
    expect(finding.details).toEqual([`warning: every request: ${chunkedWarning}`]);
  });
});

describe('judgeScenario (in-process) with a chunked request', () => {
  it('the scenario went as expected: WARN, the warning first and the story after it', () => {
    const session = createScenarioSession({ baseUrl: 'http://crm.test/ocs', responseTimeout: 1 });
    const play = session.plays.find((p) => p.scenario.id === 'ok-200')!;
    play.attempts.push(chunked());
    const finding = judgeScenario(session, 'ok-200', 'delivered');
    expect(finding.status).toBe('warn');
    expect(finding.summary).toBe(chunkedWarning);
    expect(finding.details).toEqual([
      'otherwise as expected: 1 attempt (answered 200), reported delivered as expected',
    ]);
    session.close();
  });
});
