/**
 * Our endpoint honours the OCS contact-processed contract, judged on the real app (its real store) on a
 * free loopback port: first by cpn-kit's own judge, `checkReceiver` (the contract, duplicates, refusals,
 * redirects, response times), then by Pact's own Verifier, set up by cpn-kit so that it never follows a
 * redirect and fails a duplicate-delivery state hook that changed nothing.
 */
import { Verifier } from '@pact-foundation/pact';
import { formatReport, reportPassed } from 'cpn-kit';
import { checkReceiver, contractPath, HTTP_PACT_FILE, receiverVerifierOptions } from 'cpn-kit/pact';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, createSeenStore, NOTIFICATION_PATH } from '../src/app.js';

/** Without a handled count the five exactly-once checks are SKIPs by design. */
const byDesign = (f) => f.status === 'skip' && f.id.startsWith('exactly-once-');

describe('POST /ocs/contact-processed', () => {
  // A fresh app and store per test: the contract's GUIDs are fixed, so a store that saw them is not fresh.
  let store;
  let handled;
  let server;
  let origin;

  beforeEach(async () => {
    store = createSeenStore();
    handled = [];
    server = createApp({
      store,
      onNotification: (message) => void handled.push(message.GSW_MESSAGE_GUID),
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${server.address().port}`;
  });
  afterEach(() => {
    server.closeAllConnections();
    server.close();
  });

  it('is judged conformant by checkReceiver, as cpn-kit check-receiver would judge it', async () => {
    const report = await checkReceiver({ url: origin + NOTIFICATION_PATH });
    expect(reportPassed(report), formatReport(report)).toBe(true);
    // Ten interactions, the probes, five exactly-once checks (SKIPs without a handled count).
    expect(report.findings.filter((f) => f.status !== 'pass' && !byDesign(f))).toEqual([]);
    expect(report.findings.length).toBe(25);
  }, 60_000);

  it("passes Pact's Verifier on the contract shipped with cpn-kit", async () => {
    // Pact's Verifier adds the broker named by PACT_BROKER_BASE_URL to pactUrls when the variable is
    // set, as it is in a CI job that also runs verify:broker: this test verifies the shipped file only.
    for (const name of [
      'PACT_BROKER_BASE_URL',
      'PACT_BROKER_TOKEN',
      'PACT_BROKER_USERNAME',
      'PACT_BROKER_PASSWORD',
    ])
      delete process.env[name];
    await new Verifier({
      provider: 'crm-receiver',
      pactUrls: [contractPath(HTTP_PACT_FILE)],
      ...receiverVerifierOptions({
        url: origin + NOTIFICATION_PATH,
        // "notification GUID was already received": the GUID as it appears in the message; the store
        // keys on its own form of it, as the app does.
        alreadyReceived: (guid) => store.claim(guid),
        handledCount: (guid) => handled.filter((g) => g === guid).length,
      }),
      logLevel: 'error',
    }).verifyProvider();

    // Nine distinct notifications were handled; the duplicate was acknowledged, not handled again.
    expect(handled).toHaveLength(9);
    expect(handled).not.toContain('6f1c2d3e-4b5a-4978-8a6b-5c4d3e2f1a09');
  }, 60_000);

  it('refuses what it cannot use, so OCS never drops it silently', async () => {
    const post = (body, type = 'application/json') =>
      fetch(origin + NOTIFICATION_PATH, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
        redirect: 'manual',
      });
    expect((await post('{"GSW_MESSAGE":')).status).toBe(400);
    expect((await post('{"GSW_MESSAGE":"ContactProcessed"}')).status).toBe(400);
    expect((await post('[]')).status).toBe(400);
    expect((await post('{}', 'text/plain')).status).toBe(415);
  });
});
