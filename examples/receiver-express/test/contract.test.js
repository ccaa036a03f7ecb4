/**
 * Our endpoint honours the OCS contact-processed contract: Pact's Verifier replays the contract shipped
 * with cpn-kit against the real app (its real store), on a free loopback port.
 */
import { Verifier } from '@pact-foundation/pact';
import { normalizeGuid } from 'cpn-kit';
import { contractPath, DUPLICATE_STATE, HTTP_PACT_FILE } from 'cpn-kit/pact';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createSeenStore, NOTIFICATION_PATH } from '../src/app.js';

describe('POST /ocs/contact-processed', () => {
  const store = createSeenStore();
  const received = [];
  let server;
  let origin;

  beforeAll(async () => {
    server = createApp({
      store,
      onNotification: (message) => void received.push(message.GSW_MESSAGE_GUID),
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${server.address().port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

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
      providerBaseUrl: origin,
      pactUrls: [contractPath(HTTP_PACT_FILE)],
      // The shipped contract's example path is /notifications (it matches any path): send it to ours.
      requestFilter: (req, _res, next) => {
        if (!req.url.startsWith('/_pact')) req.url = NOTIFICATION_PATH;
        next();
      },
      stateHandlers: {
        // "notification GUID was already received": a first delivery of that GUID has been handled.
        [DUPLICATE_STATE]: async (params) => {
          store.claim(normalizeGuid(String(params.GSW_MESSAGE_GUID)));
          return undefined;
        },
      },
      logLevel: 'error',
    }).verifyProvider();

    // Nine distinct notifications were handled; the duplicate was acknowledged, not handled again.
    expect(received).toHaveLength(9);
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
