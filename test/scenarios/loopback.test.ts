import { afterEach, describe, expect, it } from 'vitest';
import { buildContactProcessed } from '../../src/message/buildContactProcessed.js';
import {
  createScenarioSession,
  type ScenarioSession,
} from '../../src/scenarios/createScenarioSession.js';
import { judgeSession } from '../../src/checks/sender/judgeSession.js';
import { judgeScenario } from '../../src/checks/sender/judgeScenario.js';
import { serveScenarios } from '../../src/scenarios/serveScenarios.js';
import { checkSender } from '../../src/checks/sender/checkSender.js';
import { createSender, type AttemptEvent, type SendResult } from '../../src/sender/createSender.js';
import { sendBatch } from '../../src/sender/sendBatch.js';
import { randomUUID } from 'node:crypto';
import { scenarioCatalog } from '../../src/scenarios/scenarioCatalog.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('the reference sender over real loopback sockets', () => {
  it.each([0, 2])(
    'passes every scenario with %i retries, one scenario per URL, judging what the sender concluded',
    async (retryMaxAttempts) => {
      const results = new Map<string, SendResult>();
      const report = await checkSender({
        retryMaxAttempts,
        responseTimeout: 1,
        send: async (target) => {
          const sender = createSender({
            uri: target.url,
            retryMaxAttempts: target.retryMaxAttempts,
            responseTimeout: target.responseTimeout,
          });
          try {
            const result = await sender.send(target.message);
            results.set(target.scenarioId, result);
            return result.outcome;
          } finally {
            await sender.close();
          }
        },
      });
      expect(report.findings.filter((f) => f.status !== 'pass')).toEqual([]);
      expect(report.findings.map((f) => f.id)).toEqual([
        ...scenarioCatalog.map((s) => s.id),
        'request-envelope',
      ]);
      for (const finding of report.findings.slice(0, -1))
        expect(finding.summary).toMatch(/, reported (delivered|failed) as expected$/);
      const byScenario = scenarioCatalog
        .map((s) => results.get(s.id)!)
        .map((r) => `${r.outcome}/${r.attempts}/${r.lastStatus ?? '-'}`);
      if (retryMaxAttempts === 2) {
        expect(byScenario).toEqual([
          'delivered/1/200',
          'delivered/1/204',
          'delivered/2/200',
          'failed/3/503',
          'delivered/2/200',
          'failed/3/-',
          'failed/3/500',
          'delivered/2/200',
          'failed/1/301',
          'failed/1/302',
          'failed/1/303',
          'failed/1/307',
          'failed/1/308',
          'failed/1/400',
          'failed/1/408',
          'failed/1/413',
          'failed/1/429',
          'delivered/1/200',
        ]);
      } else {
        expect(byScenario).toEqual([
          'delivered/1/200',
          'delivered/1/204',
          'failed/1/500',
          'failed/1/503',
          'failed/1/-',
          'failed/1/-',
          'failed/1/500',
          'failed/1/-',
          'failed/1/301',
          'failed/1/302',
          'failed/1/303',
          'failed/1/307',
          'failed/1/308',
          'failed/1/400',
          'failed/1/408',
          'failed/1/413',
          'failed/1/429',
          'delivered/1/200',
        ]);
        expect(results.get('no-answer-then-200')!.reason).toMatch(
          /no response within the response timeout \(1 s\)/,
        );
        expect(results.get('reset-then-200')!.reason).toMatch(/connection failed/);
      }
    },
  );

  it(
    'checkSender with sendBatch run once for the whole catalog is conformant on the wire, and ' +
      'says the outcomes are not observable',
    async () => {
      const report = await checkSender({
        retryMaxAttempts: 2,
        responseTimeout: 1,
        run: async (t) =>
          void (await sendBatch({
            uri: t.url,
            count: t.count,
            retryMaxAttempts: t.retryMaxAttempts,
            responseTimeout: t.responseTimeout,
          })),
      });
      const failed = report.findings.filter((f) => f.status === 'fail');
      expect(failed).toEqual([]);
      expect(report).toMatchObject({ command: 'check-sender', subject: 'in-process sender' });
      const scenarios = report.findings.filter((f) => f.id !== 'request-envelope');
      for (const finding of scenarios) {
        expect(finding.summary).toMatch(
          /outcome not observable \(the sender ran once for every scenario/,
        );
        expect(finding.summary).not.toMatch(/as expected/);
      }
    },
  );

  it(
    'serves the same handlers on a socket: forced scenarios by URL, identical bytes on retry, ' +
      'events per attempt',
    async () => {
      const session: ScenarioSession = createScenarioSession({
        responseTimeout: 1,
        retryMaxAttempts: 1,
      });
      const served = await serveScenarios(session);
      cleanups.push(() => served.close());
      const sender = createSender({
        uri: session.urlFor('error-500-then-200'),
        retryMaxAttempts: 1,
        responseTimeout: 1,
      });
      cleanups.push(() => sender.close());
      const events: AttemptEvent[] = [];
      sender.on('attempt', (e) => events.push(e));
      const message = buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() });
      const result = await sender.send(message);
      expect(result).toMatchObject({
        guid: message.GSW_MESSAGE_GUID,
        outcome: 'delivered',
        attempts: 2,
        lastStatus: 200,
      });
      expect(events.map((e) => [e.attempt, e.status, e.condition, e.willRetry])).toEqual([
        [1, 500, '5xx', true],
        [2, 200, undefined, false],
      ]);
      const play = session.plays.find((p) => p.scenario.id === 'error-500-then-200')!;
      expect(play.attempts).toHaveLength(2);
      expect(Buffer.from(play.attempts[0]!.body).equals(Buffer.from(play.attempts[1]!.body))).toBe(
        true,
      );
      expect(play.attempts[0]!.headers).toMatchObject({
        accept: '*/*',
        'user-agent': 'OCS/8.1.528.15',
        etag: message.GSW_MESSAGE_GUID,
        'content-type': 'application/json',
        host: new URL(session.url).host,
      });
      expect(judgeScenario(session, 'error-500-then-200', result.outcome)).toMatchObject({
        status: 'pass',
        summary: '2 attempts (answered 500; answered 200), reported delivered as expected',
      });
      // What the sender concluded is judged: "failed" after a 200 is a defect.
      expect(judgeScenario(session, 'error-500-then-200', 'failed')).toMatchObject({
        status: 'fail',
        summary: 'reported the notification as failed, though attempt 2 was answered 200',
      });
      // Scenarios that got no notification are reported, not silently passed.
      expect(judgeSession(session).find((f) => f.id === 'ok-200')).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(/no notification arrived/),
      });
    },
  );

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
    const summary = await sendBatch({
      uri: session.url,
      count: session.count,
      retryMaxAttempts: 2,
      responseTimeout: 1,
    });
    expect(summary).toMatchObject({ total: 18, delivered: 6, failed: 12, attempts: 27 });
    expect(summary.statusCounts).toEqual({
      200: 5,
      204: 1,
      301: 1,
      302: 1,
      303: 1,
      307: 1,
      308: 1,
      400: 1,
      408: 1,
      413: 1,
      429: 1,
      500: 1,
      503: 1,
      // no-answer-always: no attempt was answered.
      none: 1,
    });
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

describe('one URL for the whole catalog: a new notification is never mistaken for a retry', () => {
  // A sender that never retries, although check-sender is told it may retry twice.
  const noRetries =
    (build: () => Record<string, unknown>) => async (t: { url: string; count: number }) => {
      for (let i = 0; i < t.count; i++) {
        await fetch(t.url, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/json', etag: '', 'user-agent': 'T/1' },
          body: JSON.stringify(build()),
        }).then(
          (r) => r.arrayBuffer(),
          () => undefined,
        );
      }
    };

  it(
    'messages identical but for GSW_MESSAGE_GUID: the missing retry is reported as ambiguous, ' +
      'and no later scenario shifts',
    async () => {
      const report = await checkSender({
        retryMaxAttempts: 2,
        responseTimeout: 1,
        scenarios: scenarioCatalog.filter((s) =>
          ['ok-200', 'error-500-then-200', 'client-error-400', 'slow-within-timeout'].includes(
            s.id,
          ),
        ),
        run: noRetries(() => buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() })),
      });
      const byId = Object.fromEntries(report.findings.map((f) => [f.id, f]));
      expect(byId['ok-200']!.status).toBe('pass');
      expect(byId['error-500-then-200']).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(
          /either attempt 1 was not retried, or it was retried with a regenerated GUID and timestamp; one URL for the whole catalog cannot tell which/,
        ),
      });
      expect(JSON.stringify(report.findings)).not.toMatch(/changed on retry/);
      // The later notifications kept their scenarios: 400 and the slow answer were judged on their own.
      expect(byId['client-error-400']!.status).toBe('pass');
      expect(byId['slow-within-timeout']!.status).toBe('pass');
    },
  );

  it('distinct notifications (freshContactProcessed): the missing retry is named plainly', async () => {
    const { freshContactProcessed } = await import('../../src/message/freshContactProcessed.js');
    const report = await checkSender({
      retryMaxAttempts: 2,
      responseTimeout: 1,
      scenarios: scenarioCatalog.filter((s) =>
        ['error-500-then-200', 'client-error-400'].includes(s.id),
      ),
      run: noRetries(() => freshContactProcessed()),
    });
    expect(report.findings[0]).toMatchObject({
      id: 'error-500-then-200',
      status: 'fail',
      summary:
        'not retried: attempt 1 met 5xx (answered 500), which http-retry-applies-to names, and ' +
        'http-retry-max-attempts allows 2 retries; expected 2 attempts, saw 1',
    });
    expect(report.findings[1]).toMatchObject({ id: 'client-error-400', status: 'pass' });
  });

  it('on a scenario URL every request is an attempt of its one notification: a regenerated GUID is named', async () => {
    const session = createScenarioSession({ responseTimeout: 1, retryMaxAttempts: 1 });
    const served = await serveScenarios(session);
    cleanups.push(() => served.close());
    const message = buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() });
    const post = (m: Record<string, unknown>) =>
      fetch(session.urlFor('error-500-then-200'), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          etag: String(m.GSW_MESSAGE_GUID),
          'user-agent': 'T/1',
        },
        body: JSON.stringify(m),
      }).then((r) => r.status);
    expect(await post(message)).toBe(500);
    expect(await post({ ...message, GSW_MESSAGE_GUID: randomUUID() })).toBe(200);
    expect(judgeScenario(session, 'error-500-then-200', 'delivered')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/^GSW_MESSAGE_GUID changed on retry/),
    });
  });
});
