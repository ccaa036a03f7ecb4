/**
 * The relay against every receiver scenario of cpn-kit, in-process: msw intercepts fetch, so no socket
 * is opened. One test per scenario: what the receiver did, what the relay did about it, and whether
 * that is what OCS does.
 */
import {
  createScenarioSession,
  freshContactProcessed,
  judgeScenario,
  scenarioCatalog,
} from 'cpn-kit';
import { scenarioHandlers } from 'cpn-kit/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forward } from '../src/relay.js';

// The relay's settings in this test: 2 retries, 1 s response timeout (the scenario timings scale with it).
const session = createScenarioSession({
  baseUrl: 'http://crm.test/ocs/contact-processed',
  responseTimeout: 1,
  retryMaxAttempts: 2,
});
const server = setupServer(...scenarioHandlers(session));
// Every request the relay makes must reach a scenario. MSW's `request:unhandled` event is the same in
// msw 2 and 3 (the listen option for it is named differently in each, and only warns in msw 3).
const unhandled = [];
server.events.on('request:unhandled', ({ request }) => {
  unhandled.push(`${request.method} ${request.url}`);
});
beforeAll(() => server.listen());
afterEach(() => {
  expect(unhandled.splice(0), 'requests that no scenario serves').toEqual([]);
});
afterAll(() => {
  server.close();
  session.close();
});

describe('the relay, against the receiver scenarios', () => {
  it.each(scenarioCatalog.map((s) => s.id))('%s', async (id) => {
    const outcome = await forward(session.urlFor(id), freshContactProcessed(), session.settings);
    const finding = judgeScenario(session, id, outcome);
    expect(finding.status, [finding.summary, ...(finding.details ?? [])].join('\n')).toBe('pass');
  });

  it('never requested a redirect target', () => {
    expect(session.redirectHits).toEqual([]);
  });
});
