import { afterEach, describe, expect, it } from 'vitest';
import { buildContactProcessed } from '../../src/message/buildContactProcessed.js';
import { createScenarioSession, type ScenarioSession } from '../../src/scenarios/createScenarioSession.js';
import { judgeSession } from '../../src/scenarios/judgeSession.js';
import { serveScenarios } from '../../src/scenarios/serveScenarios.js';
import { checkSender } from '../../src/sender/checkSender.js';
import { createSender, type AttemptEvent, type SendResult } from '../../src/sender/createSender.js';
import { sendBatch } from '../../src/sender/sendBatch.js';
import { randomUUID } from 'node:crypto';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('the reference sender over real loopback sockets', () => {
  it.each([0, 2])('passes every scenario with %i retries', async (retryMaxAttempts) => {
    const results: SendResult[] = [];
    const report = await checkSender({
      retryMaxAttempts,
      responseTimeout: 1,
      run: async (target) => {
        const sender = createSender({ uri: target.url, retryMaxAttempts: target.retryMaxAttempts, responseTimeout: target.responseTimeout });
        sender.on('result', (r) => results.push(r));
        for (let i = 0; i < target.count; i++) await sender.send(buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID(), GSW_CALL_ATTEMPT_GUID: randomUUID() }));
        await sender.close();
      },
    });
    expect(report.findings.filter((f) => f.status !== 'pass')).toEqual([]);
    expect(report.findings).toHaveLength(13);
    const byOrder = results.map((r) => `${r.outcome}/${r.attempts}/${r.lastStatus ?? '-'}`);
    if (retryMaxAttempts === 2) {
      expect(byOrder).toEqual(['delivered/1/200', 'delivered/1/204', 'delivered/2/200', 'failed/3/503', 'delivered/2/200', 'delivered/2/200', 'failed/1/301', 'failed/1/302', 'failed/1/303', 'failed/1/307', 'failed/1/308', 'failed/1/400', 'delivered/1/200']);
    } else {
      expect(byOrder).toEqual(['delivered/1/200', 'delivered/1/204', 'failed/1/500', 'failed/1/503', 'failed/1/-', 'failed/1/-', 'failed/1/301', 'failed/1/302', 'failed/1/303', 'failed/1/307', 'failed/1/308', 'failed/1/400', 'delivered/1/200']);
      expect(results[4]!.reason).toMatch(/no response within the response timeout \(1 s\)/);
      expect(results[5]!.reason).toMatch(/connection failed/);
    }
  });

  it('checkSender with sendBatch as the in-process sender (the README and demo form) is conformant', async () => {
    const report = await checkSender({
      retryMaxAttempts: 2,
      responseTimeout: 1,
      run: (t) => sendBatch({ uri: t.url, count: t.count, retryMaxAttempts: t.retryMaxAttempts, responseTimeout: t.responseTimeout }),
    });
    const failed = report.findings.filter((f) => f.status === 'fail');
    expect(failed).toEqual([]);
    expect(report).toMatchObject({ command: 'check-sender', subject: 'in-process sender' });
  });

  it('serves the same handlers on a socket: forced scenarios by URL, identical bytes on retry, events per attempt', async () => {
    const session: ScenarioSession = createScenarioSession({ responseTimeout: 1, retryMaxAttempts: 1 });
    const served = await serveScenarios(session);
    cleanups.push(() => served.close());
    const sender = createSender({ uri: session.urlFor('error-500-then-200'), retryMaxAttempts: 1, responseTimeout: 1 });
    cleanups.push(() => sender.close());
    const events: AttemptEvent[] = [];
    sender.on('attempt', (e) => events.push(e));
    const message = buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() });
    const result = await sender.send(message);
    expect(result).toMatchObject({ guid: message.GSW_MESSAGE_GUID, outcome: 'delivered', attempts: 2, lastStatus: 200 });
    expect(events.map((e) => [e.attempt, e.status, e.condition, e.willRetry])).toEqual([[1, 500, '5xx', true], [2, 200, undefined, false]]);
    const play = session.plays.find((p) => p.scenario.id === 'error-500-then-200')!;
    expect(play.attempts).toHaveLength(2);
    expect(Buffer.from(play.attempts[0]!.body).equals(Buffer.from(play.attempts[1]!.body))).toBe(true);
    expect(play.attempts[0]!.headers).toMatchObject({ accept: '*/*', 'user-agent': 'OCS/8.1.528.15', etag: message.GSW_MESSAGE_GUID, 'content-type': 'application/json', host: new URL(session.url).host });
    expect(judgeSession(session).find((f) => f.id === 'error-500-then-200')!.status).toBe('pass');
    // Scenarios that got no notification are reported, not silently passed.
    expect(judgeSession(session).find((f) => f.id === 'ok-200')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/no notification arrived/) });
  });

  it('answers a forced URL with an unknown scenario with 404 naming the known ones', async () => {
    const session = createScenarioSession({ responseTimeout: 1 });
    const served = await serveScenarios(session);
    cleanups.push(() => served.close());
    const response = await fetch(session.urlFor('nope'), { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/no scenario "nope"; known: ok-200/);
  });

  it('sendBatch summarises a run: delivered, failed, attempts and statuses', async () => {
    const session = createScenarioSession({ responseTimeout: 1, retryMaxAttempts: 2 });
    const served = await serveScenarios(session);
    cleanups.push(() => served.close());
    const summary = await sendBatch({ uri: session.url, count: session.count, retryMaxAttempts: 2, responseTimeout: 1 });
    expect(summary).toMatchObject({ total: 13, delivered: 6, failed: 7, attempts: 18 });
    expect(summary.statusCounts).toEqual({ 200: 5, 204: 1, 301: 1, 302: 1, 303: 1, 307: 1, 308: 1, 400: 1, 503: 1 });
    expect(summary.failures.map((f) => f.reason)).toContain('HTTP 503 (gave up after 3 attempts)');
    expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p50);
    expect(judgeSession(session).filter((f) => f.status !== 'pass')).toEqual([]);
    // sendBatch splices GUID and timestamp into pre-serialized templates: the bytes must be exactly JSON.stringify's.
    for (const play of session.plays) {
      for (const attempt of play.attempts) {
        const text = Buffer.from(attempt.body).toString('utf8');
        const parsed = JSON.parse(text) as { GSW_MESSAGE_GUID: string; GSW_TIMESTAMP: string };
        expect(JSON.stringify(parsed)).toBe(text);
        expect(parsed.GSW_MESSAGE_GUID).toBe(attempt.headers.etag);
        expect(parsed.GSW_TIMESTAMP).toMatch(/^\d{10}\.\d{3}$/);
      }
    }
  });
});
