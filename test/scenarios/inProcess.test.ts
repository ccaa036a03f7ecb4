import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeScenario } from '../../src/checks/sender/judgeScenario.js';
import { judgeSession } from '../../src/checks/sender/judgeSession.js';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import { scenarioHandlers } from '../../src/msw/scenarioHandlers.js';
import { createScenarioSession } from '../../src/scenarios/createScenarioSession.js';
import { scenarioCatalog } from '../../src/scenarios/scenarioCatalog.js';
import { sendWithFetch } from './fetchSender.js';

// The scenarios in-process: msw/node intercepts fetch, no socket is opened.
const session = createScenarioSession({
  baseUrl: 'http://receiver.test/cpn',
  responseTimeout: 1,
  retryMaxAttempts: 2,
});
const server = setupServer(...scenarioHandlers(session));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  server.close();
  session.close();
});

describe('scenarios under msw/node with a fetch-based sender, one scenario per URL', () => {
  it.each(scenarioCatalog.map((s) => s.id))(
    'a conforming fetch sender passes %s, its outcome judged',
    async (id) => {
      const outcome = await sendWithFetch(
        session.urlFor(id),
        freshContactProcessed(),
        session.settings,
      );
      const finding = judgeScenario(session, id, outcome);
      expect(finding.status, [finding.summary, ...(finding.details ?? [])].join('\n')).toBe('pass');
      expect(finding.summary).toMatch(/reported (delivered|failed) as expected$/);
    },
  );

  it('the abort reached the handler: the give-up moment was recorded', () => {
    const noAnswer = session.plays.find((p) => p.scenario.id === 'no-answer-then-200')!;
    expect(noAnswer.attempts).toHaveLength(2);
    expect(noAnswer.attempts[0]!.clientClosedAt).toBeGreaterThan(
      noAnswer.attempts[0]!.startedAt + 900,
    );
    expect(session.redirectHits).toEqual([]);
  });
});

/**
 * A fetch sender as users write it: fetch's default redirect mode, retries on 5xx (and, if asked,
 * on thrown errors).
 */
async function naiveFetch(url: string, retryThrown: boolean): Promise<'delivered' | 'failed'> {
  const body = JSON.stringify(freshContactProcessed());
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          etag: String(JSON.parse(body).GSW_MESSAGE_GUID),
          'user-agent': 'Naive/1',
        },
        body,
      });
      if (response.ok) return 'delivered';
      if (response.status < 500) return 'failed';
    } catch {
      if (!retryThrown) return 'failed';
    }
  }
  return 'failed';
}

describe("a fetch sender with fetch's default redirect: 'follow', under msw/node", () => {
  const redirects = scenarioCatalog.filter((s) => s.id.startsWith('redirect-'));
  it.each([false, true])(
    'is caught following every redirect (retries thrown errors: %s), as it would be on a socket',
    async (retryThrown) => {
      const follow = createScenarioSession({
        baseUrl: `http://follower-${retryThrown}.test/hook`,
        responseTimeout: 1,
        retryMaxAttempts: 2,
        scenarios: redirects,
      });
      server.use(...scenarioHandlers(follow));
      try {
        const outcomes: Record<string, 'delivered' | 'failed'> = {};
        for (const s of redirects)
          outcomes[s.id] = await naiveFetch(follow.urlFor(s.id), retryThrown);
        // On a socket fetch follows and gets the target's 200: the in-process route answers the same.
        expect(Object.values(outcomes)).toEqual([
          'delivered',
          'delivered',
          'delivered',
          'delivered',
          'delivered',
        ]);
        const findings = judgeSession(follow, { outcomes });
        const redirected = findings.filter((x) => x.id.startsWith('redirect-'));
        expect(redirected.map((f) => f.id)).toEqual(redirects.map((s) => s.id));
        for (const f of redirected) {
          expect(f.status).toBe('fail');
          expect(f.summary).toMatch(
            /^followed the redirect: fetch was called with redirect: 'follow' \(its default\), so on a socket it requests (GET|POST) http:\/\/follower-\w+\.test\/hook\/__redirect-target\/redirect-30\d/,
          );
          expect([f.summary, ...(f.details ?? [])].join('\n')).not.toMatch(
            /not retried|is not retried/,
          );
        }
        // GET after 301, 302 and 303; the same POST after 307 and 308, as the Fetch standard says.
        expect(follow.redirectHits.map((h) => `${h.scenarioId} ${h.method}`)).toEqual([
          'redirect-301 GET',
          'redirect-302 GET',
          'redirect-303 GET',
          'redirect-307 POST',
          'redirect-308 POST',
        ]);
      } finally {
        server.resetHandlers();
        follow.close();
      }
    },
  );
});
