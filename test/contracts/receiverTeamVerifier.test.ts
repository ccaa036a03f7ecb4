/**
 * The README's example of a receiver team verifying its own endpoint with Pact's Verifier in its own
 * vitest suite (here the endpoint is the kit's reference receiver; yours would be your app). Apart
 * from the import path ('cpn-kit' in your project), this is the README text.
 */
import { Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractPath, DUPLICATE_STATE, HTTP_PACT_FILE, LruDedupeStore, normalizeGuid, startReceiver, type RunningReceiver } from '../../src/index.js';

describe('our CRM endpoint honours the OCS contact-processed contract', () => {
  const store = new LruDedupeStore();
  const received: string[] = [];
  let app: RunningReceiver;

  beforeAll(async () => {
    // Start your own app here, on a free port, with its real store.
    app = await startReceiver({ port: 0, path: '/ocs/contact-processed', store, onNotification: ({ guid }) => void received.push(guid) });
  });
  afterAll(() => app.close());

  it('verifies against the pact shipped with cpn-kit', async () => {
    await new Verifier({
      provider: 'crm-receiver',
      providerBaseUrl: new URL(app.url).origin,
      pactUrls: [contractPath(HTTP_PACT_FILE)],
      // The contract's example path is /notifications; send every request to our real path.
      requestFilter: (req: { url: string }, _res: unknown, next: () => void) => {
        if (!req.url.startsWith('/_pact')) req.url = '/ocs/contact-processed';
        next();
      },
      stateHandlers: {
        // "notification GUID was already received": mark the GUID as seen, as a first delivery would have.
        [DUPLICATE_STATE]: async (params?: unknown) => {
          await store.claim(normalizeGuid(String((params as { GSW_MESSAGE_GUID: string }).GSW_MESSAGE_GUID)));
          return undefined;
        },
      },
      logLevel: 'error',
    }).verifyProvider();

    // Nine distinct notifications reached the handler; the duplicate was acknowledged but not handled again.
    expect(received).toHaveLength(9);
    expect(app.receiver.stats.duplicates).toBe(1);
  });
});
