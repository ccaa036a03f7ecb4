/**
 * The kit's Pact consumer tests: the REFERENCE SENDER posts each contract interaction to Pact's mock
 * server, so `contracts/` holds what a conforming sender really sends. `npm run contracts` runs this
 * file with CPN_WRITE_CONTRACTS=1 to rewrite `contracts/`; otherwise it writes to a temporary
 * directory and fails when the committed contracts differ (volatile metadata ignored).
 */
import { HTTPResponseStatusClass, MatchersV3, PactV4 } from '@pact-foundation/pact';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactProcessedMatchers } from '../../src/pact/contactProcessedMatchers.js';
import {
  CONSUMER_NAME,
  CONTRACT_EXAMPLE_PATH,
  DEFAULT_PROVIDER_NAME,
  MESSAGE_CONSUMER_NAME,
  MESSAGE_DESCRIPTION,
  MESSAGE_PROVIDER_NAME,
} from '../../src/pact/contractNames.js';
import { contractInteractions, interactionMessage } from './support/contractInteractions.js';
import { contractsDir, HTTP_PACT_FILE, MESSAGE_PACT_FILE } from '../../src/pact/contractsDir.js';
import { headerMatchers } from './support/headerMatchers.js';
import { stablePact } from './support/stablePact.js';
import { fixtures } from '../../src/message/fixtures.js';
import { createReceiver, type ReceivedNotification } from '../../src/receiver/createReceiver.js';
import { createSender } from '../../src/sender/createSender.js';
import { mockServerMatched } from './mockServerMatched.js';

const writeMode = process.env.CPN_WRITE_CONTRACTS === '1';
let dir: string;

beforeAll(async () => {
  dir = writeMode ? contractsDir() : await mkdtemp(join(tmpdir(), 'cpn-contracts-'));
  if (writeMode)
    for (const file of [HTTP_PACT_FILE, MESSAGE_PACT_FILE])
      await rm(join(dir, file), { force: true });
});
afterAll(async () => {
  if (!writeMode) await rm(dir, { recursive: true, force: true });
});

describe(
  `HTTP pact ${CONSUMER_NAME} -> ${DEFAULT_PROVIDER_NAME} (the reference sender posts to ` +
    `Pact's mock server)`,
  () => {
    for (const interaction of contractInteractions) {
      it(interaction.description, async () => {
        const message = interactionMessage(interaction);
        const pact = new PactV4({
          consumer: CONSUMER_NAME,
          provider: DEFAULT_PROVIDER_NAME,
          dir,
          logLevel: 'error',
        });
        const base = pact.addInteraction();
        const withState =
          interaction.state === undefined
            ? base
            : base.given(interaction.state, { GSW_MESSAGE_GUID: message.GSW_MESSAGE_GUID });
        await withState
          .uponReceiving(interaction.description)
          .withRequest('POST', MatchersV3.regex('^/.*$', CONTRACT_EXAMPLE_PATH), (request) => {
            request
              .headers(headerMatchers(message) as Record<string, string>)
              .jsonBody(contactProcessedMatchers(message));
          })
          .willRespondWith(MatchersV3.matchStatus(200, HTTPResponseStatusClass.Success))
          .executeTest(async (mockServer) => {
            const sender = createSender({ uri: `${mockServer.url}${CONTRACT_EXAMPLE_PATH}` });
            try {
              const result = await sender.send(message);
              expect(result.outcome, result.reason).toBe('delivered');
              expect(result.attempts).toBe(1);
              await mockServerMatched(mockServer.port);
            } finally {
              await sender.close();
            }
          });
      });
    }
  },
);

describe(`message pact ${MESSAGE_PROVIDER_NAME} -> ${MESSAGE_CONSUMER_NAME} (a queue worker takes the payload)`, () => {
  it('the reference receiver, used as a queue worker, handles the message', async () => {
    const pact = new PactV4({
      consumer: MESSAGE_CONSUMER_NAME,
      provider: MESSAGE_PROVIDER_NAME,
      dir,
      logLevel: 'error',
    });
    const handled: ReceivedNotification[] = [];
    const worker = createReceiver({ onNotification: (n) => void handled.push(n) });
    await pact
      .addAsynchronousInteraction()
      .expectsToReceive(MESSAGE_DESCRIPTION, (builder) => {
        builder
          .withJSONContent(contactProcessedMatchers(fixtures.full.message))
          .withMetadata({ contentType: 'application/json' });
      })
      .executeTest(async (message) => {
        const outcome = await worker.receive(JSON.stringify(message.contents.content));
        expect(outcome.status).toBe(200);
      });
    expect(handled).toHaveLength(1);
  });
});

describe('committed contracts', () => {
  it.each([HTTP_PACT_FILE, MESSAGE_PACT_FILE])(
    'contracts/%s is current (npm run contracts ' + 'regenerates it)',
    async (file) => {
      const generated = stablePact(JSON.parse(await readFile(join(dir, file), 'utf8')));
      const committedPath = join(contractsDir(), file);
      expect(existsSync(committedPath), `${committedPath} is missing: run npm run contracts`).toBe(
        true,
      );
      const committed = stablePact(JSON.parse(await readFile(committedPath, 'utf8')));
      // The descriptions first: a short diff that says which interaction is missing or extra.
      const descriptions = (pact: unknown) =>
        (pact as { interactions: { description: string }[] }).interactions.map(
          (i) => i.description,
        );
      expect(
        descriptions(committed),
        `contracts/${file}: interactions differ from a fresh run`,
      ).toEqual(descriptions(generated));
      expect(committed, `contracts/${file} is stale: run npm run contracts and commit it`).toEqual(
        generated,
      );
    },
  );
});
