// The README's "MSW scenarios in your vitest test" example, verbatim except the imports: the README
// imports from 'cpn-kit'; here the same API comes from src/index.ts. `notifyCrm` stands for the
// user's own sender (built on fetch).
import { randomUUID } from 'node:crypto';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContactProcessed, createScenarioSession, judgeSession } from '../../src/index.js';

// ---- the user's sender under test (in their code base) ----
async function notifyCrm(url: string, message: object, retries = 2, timeoutSeconds = 1): Promise<boolean> {
  const body = JSON.stringify(message);
  const guid = (message as { GSW_MESSAGE_GUID: string }).GSW_MESSAGE_GUID;
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', etag: guid, 'user-agent': 'my-relay/1.0' },
        body,
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
      });
      if (res.ok) return true;
      if (res.status < 500) return false; // 3xx and 4xx: not retried
    } catch {
      // timeout or connection failure: retry
    }
  }
  return false;
}

// ---- README example starts here ----
// One session plays the whole catalog: one scenario per new GSW_MESSAGE_GUID, in order.
const session = createScenarioSession({ baseUrl: 'http://crm.test/ocs', responseTimeout: 1, retryMaxAttempts: 2 });
const server = setupServer(...session.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  server.close();
  session.close();
});

it('my sender handles every receiver scenario', async () => {
  for (let i = 0; i < session.count; i++) {
    await notifyCrm(session.url, buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() }));
  }
  const failed = judgeSession(session).filter((f) => f.status === 'fail');
  expect(failed).toEqual([]);
});

// Or one test per scenario: <baseUrl>/<scenario id> forces a scenario whatever the GUID.
describe('one scenario per test', () => {
  const perTest = createScenarioSession({ baseUrl: 'http://crm.test/per-test', responseTimeout: 1, retryMaxAttempts: 2 });
  beforeAll(() => server.use(...perTest.handlers));
  afterAll(() => perTest.close());

  it.each(perTest.scenarios.map((s) => s.id))('%s', async (id) => {
    await notifyCrm(perTest.urlFor(id), buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID() }));
    const [finding] = judgeSession(perTest, [id]);
    expect(finding!.status, finding!.summary).toBe('pass');
  });
});
// ---- README example ends here ----
