/**
 * One protocol rule, one id, wherever the defect is seen: a sender that regenerates the GUID on its
 * retry breaks `sender-same-notification` in check-sender over a socket, under MSW in-process, and in
 * the proxy between it and a real receiver; each failing finding names that rule (`rules`), with
 * the title of src/ocs/protocolRules.ts, and says it in the same words. The same sender code, on
 * fetch, in all three.
 */
import { randomUUID } from 'node:crypto';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { checkReceiver } from '../../src/checks/receiver/checkReceiver.js';
import { judgeScenario } from '../../src/checks/sender/judgeScenario.js';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import { scenarioHandlers } from '../../src/msw/scenarioHandlers.js';
import { ruleTitle } from '../../src/ocs/protocolRules.js';
import {
  createScenarioSession,
  type ScenarioSession,
} from '../../src/scenarios/createScenarioSession.js';
import { serveScenarios } from '../../src/scenarios/serveScenarios.js';
import { startAlways } from '../checks/proxy/proxyReceivers.js';
import { start as startLoginRedirect } from '../corpus/receivers/expressLoginRedirect.js';
import { runThroughProxy } from '../checks/proxy/runThroughProxy.js';

/** The defective sender, on fetch: a retry with a new GSW_MESSAGE_GUID (and ETag). */
async function regeneratesGuid(url: string): Promise<'delivered' | 'failed'> {
  const message = freshContactProcessed();
  for (let attempt = 1; attempt <= 2; attempt++) {
    const guid = attempt === 1 ? message.GSW_MESSAGE_GUID : randomUUID();
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', etag: guid, 'user-agent': 'OCS/8.1.528.15' },
      body: JSON.stringify({ ...message, GSW_MESSAGE_GUID: guid }),
      redirect: 'manual',
    });
    await answer.arrayBuffer();
    if (answer.ok) return 'delivered';
  }
  return 'failed';
}
const SCENARIO = 'error-500-then-200';
const RULE = 'sender-same-notification';
/** The one wording of the defect (src/ocs/retryChanges.ts), with the two GUIDs. */
const SAID =
  /GSW_MESSAGE_GUID changed on retry \([0-9a-f-]{36} → [0-9a-f-]{36}\); a retry must keep it/;

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** The defective sender against a session's scenario, judged as check-sender judges it. */
async function judgedInSession(session: ScenarioSession) {
  const finding = judgeScenario(session, SCENARIO, await regeneratesGuid(session.urlFor(SCENARIO)));
  expect(finding.status).toBe('fail');
  expect(finding.rules).toEqual([RULE]);
  expect(finding.summary).toMatch(SAID);
}

describe(`a retry with a regenerated GUID is ${RULE} in every check`, () => {
  it('check-sender over a socket', async () => {
    const session = createScenarioSession({ responseTimeout: 1, retryMaxAttempts: 2 });
    const served = await serveScenarios(session);
    stops.push(() => served.close());
    await judgedInSession(session);
  });

  it('check-sender under MSW, in-process', async () => {
    const session = createScenarioSession({
      baseUrl: 'http://receiver.test/cpn',
      responseTimeout: 1,
      retryMaxAttempts: 2,
    });
    const server = setupServer(...scenarioHandlers(session));
    server.listen({ onUnhandledRequest: 'error' });
    stops.push(() => session.close());
    stops.push(() => server.close());
    await judgedInSession(session);
  });

  it('the proxy, between the sender and a real receiver', async () => {
    const receiver = await startAlways(503);
    stops.push(() => receiver.close());
    const run = await runThroughProxy(receiver.url, { retryMaxAttempts: 1 }, regeneratesGuid);
    const byRule = run.finding(RULE);
    expect(byRule.status).toBe('fail');
    expect(byRule.title).toBe(ruleTitle(RULE));
    expect(byRule.rules).toEqual([RULE]);
    expect(byRule.summary).toMatch(SAID);
    const notification = run.report.findings.find((f) => f.id.startsWith('notification '));
    expect(notification?.rules).toContain(RULE);
  });
});

describe('a receiver answering 302 to a login page is receiver-no-redirect in every check', () => {
  it('check-receiver and the proxy name the same rule', async () => {
    const receiver = await startLoginRedirect();
    stops.push(() => receiver.close());
    const report = await checkReceiver({ url: receiver.url, responseTimeout: 1 });
    const noRedirect = report.findings.find((f) => f.id === 'no-redirect')!;
    expect(noRedirect.status).toBe('fail');
    expect(noRedirect.rules).toEqual(['receiver-no-redirect']);
    const run = await runThroughProxy(receiver.url, { retryMaxAttempts: 0 }, (url) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'OCS/8.1.528.15' },
        body: JSON.stringify(freshContactProcessed()),
        redirect: 'manual',
      }).then((answer) => answer.arrayBuffer()),
    );
    expect(run.finding('receiver-no-redirect').rules).toEqual(['receiver-no-redirect']);
  });
});

describe('a sender that follows a redirect is sender-redirects, in the same words', () => {
  /** fetch's default: it follows the 302 to its Location. */
  const follows = (url: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'OCS/8.1.528.15' },
      body: JSON.stringify(freshContactProcessed()),
    }).then(
      async (answer) => {
        await answer.arrayBuffer();
        return answer.ok ? ('delivered' as const) : ('failed' as const);
      },
      () => 'failed' as const, // a login page that redirects again: fetch gives up after 20
    );
  const SAID = /followed the redirect: GET \S+ \(redirects must never be followed\)/;

  it('check-sender over a socket and the proxy', async () => {
    const session = createScenarioSession({ responseTimeout: 1, retryMaxAttempts: 2 });
    const served = await serveScenarios(session);
    stops.push(() => served.close());
    const finding = judgeScenario(
      session,
      'redirect-302',
      await follows(session.urlFor('redirect-302')),
    );
    expect(finding.rules).toContain('sender-redirects');
    expect(finding.summary).toMatch(SAID);
    const receiver = await startLoginRedirect();
    stops.push(() => receiver.close());
    const run = await runThroughProxy(receiver.url, { retryMaxAttempts: 0 }, follows);
    expect(run.finding('sender-redirects').rules).toEqual(['sender-redirects']);
    // The proxy's summary leads with how many notifications, then says it in the same words.
    expect(run.finding('sender-redirects').summary).toMatch(
      new RegExp(`^1 of 1 notification, e\\.g\\. [0-9a-f-]{36}: ${SAID.source}`),
    );
  });
});

describe("a sender on fetch's defaults follows a redirect: both checks name fetch's own setting", () => {
  /** Node's fetch as it comes: its User-Agent is `node`, and it follows the 302. */
  const followsWithDefaults = (url: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(freshContactProcessed()),
    }).then(
      async (answer) => {
        await answer.arrayBuffer();
        return answer.ok ? ('delivered' as const) : ('failed' as const);
      },
      () => 'failed' as const,
    );
  const SAID =
    /followed the redirect: GET \S+ \(fetch follows redirects unless redirect: 'manual'; redirects must never be followed\)$/;

  it('check-sender over a socket and the proxy say the same words (the rule is written once)', async () => {
    const session = createScenarioSession({ responseTimeout: 1, retryMaxAttempts: 2 });
    const served = await serveScenarios(session);
    stops.push(() => served.close());
    const verdict = await followsWithDefaults(session.urlFor('redirect-302'));
    const finding = judgeScenario(session, 'redirect-302', verdict);
    expect(finding.summary).toMatch(new RegExp(`^${SAID.source}`));
    const receiver = await startLoginRedirect();
    stops.push(() => receiver.close());
    const run = await runThroughProxy(receiver.url, { retryMaxAttempts: 0 }, followsWithDefaults);
    // The proxy's summary leads with how many notifications, then says it in the same words.
    expect(run.finding('sender-redirects').summary).toMatch(
      new RegExp(`^1 of 1 notification, e\\.g\\. [0-9a-f-]{36}: ${SAID.source}`),
    );
  });
});
