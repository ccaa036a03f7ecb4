import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenarioSession } from '../../src/scenarios/createScenarioSession.js';
import { judgeSession } from '../../src/scenarios/judgeSession.js';
import { freshMessage, sendWithFetch } from './fetchSender.js';

// The scenarios in-process: msw/node intercepts fetch, no socket is opened.
const session = createScenarioSession({ baseUrl: 'http://receiver.test/cpn', responseTimeout: 1, retryMaxAttempts: 2 });
const server = setupServer(...session.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  server.close();
  session.close();
});

describe('scenarios under msw/node with a fetch-based sender', () => {
  it('a conforming fetch sender passes every scenario', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < session.count; i++) outcomes.push(await sendWithFetch(session.url, freshMessage(), session.settings));
    const findings = judgeSession(session);
    expect(findings.filter((f) => f.status !== 'pass')).toEqual([]);
    expect(findings.map((f) => f.id)).toEqual(session.scenarios.map((s) => s.id));
    // What the sender saw matches what each scenario expects.
    expect(outcomes).toEqual(['delivered', 'delivered', 'delivered', 'failed', 'delivered', 'delivered', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed', 'delivered']);
    const noAnswer = session.plays.find((p) => p.scenario.id === 'no-answer-then-200')!;
    expect(noAnswer.attempts).toHaveLength(2);
    // The abort reached the handler: the give-up moment was recorded.
    expect(noAnswer.attempts[0]!.clientClosedAt).toBeGreaterThan(noAnswer.attempts[0]!.startedAt + 900);
    expect(session.redirectHits).toEqual([]);
  });
});

describe('a fetch sender that follows redirects, under msw/node', () => {
  it('is caught requesting the Location', async () => {
    const redirects = createScenarioSession({ baseUrl: 'http://other-receiver.test/hook', responseTimeout: 1, scenarios: session.scenarios.filter((s) => s.id === 'redirect-303') });
    server.use(...redirects.handlers);
    const response = await fetch(redirects.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(freshMessage()) });
    expect(response.status).toBe(200); // fetch followed the 303 to the redirect target
    const [finding] = judgeSession(redirects);
    expect(finding!.status).toBe('fail');
    expect([finding!.summary, ...(finding!.details ?? [])].join('\n')).toMatch(/followed the redirect: GET http:\/\/other-receiver\.test\/hook\/__redirect-target\/redirect-303/);
    server.resetHandlers();
    redirects.close();
  });
});
