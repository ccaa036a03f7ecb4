/**
 * The provider side of the message pact: messages as a conforming OCS produces them satisfy it.
 * Pact's Verifier asks a message provider for the interaction's message; here it produces seeded
 * random valid messages (every field of the contract present, values drawn by the schema's
 * generator), so the schema-derived matchers are shown not to be stricter than the schema.
 */
import { Verifier } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { MESSAGE_DESCRIPTION, MESSAGE_PROVIDER_NAME } from '../../src/pact/contractNames.js';
import { contractPath, MESSAGE_PACT_FILE } from '../../src/pact/contractsDir.js';
import { generateContactProcessed } from '../../src/message/arbitraryContactProcessed.js';
import { fixtures } from '../../src/message/fixtures.js';
import { validateContactProcessed } from '../../src/message/validateContactProcessed.js';

describe(`message pact, provider ${MESSAGE_PROVIDER_NAME}`, () => {
  it('is satisfied by generated valid messages (Pact Verifier, message providers)', async () => {
    const produced: unknown[] = [];
    for (const [index, generated] of generateContactProcessed(3, { seed: 20261124 }).entries()) {
      const message = { ...fixtures.full.message, ...generated };
      expect(validateContactProcessed(message).valid, `generated message ${index}`).toBe(true);
      await new Verifier({
        provider: MESSAGE_PROVIDER_NAME,
        pactUrls: [contractPath(MESSAGE_PACT_FILE)],
        messageProviders: {
          [MESSAGE_DESCRIPTION]: async () => {
            produced.push(message);
            return message;
          },
        },
        logLevel: 'error',
      }).verifyProvider();
    }
    expect(produced).toHaveLength(3);
  });

  it('is not satisfied by a message that breaks the schema', async () => {
    const broken = { ...fixtures.full.message, GSW_CHAIN_ID: '1042', GSW_TIMESTAMP: 'yesterday' };
    await expect(
      new Verifier({
        provider: MESSAGE_PROVIDER_NAME,
        pactUrls: [contractPath(MESSAGE_PACT_FILE)],
        messageProviders: { [MESSAGE_DESCRIPTION]: async () => broken },
        logLevel: 'error',
      }).verifyProvider(),
    ).rejects.toThrow(/GSW_CHAIN_ID|GSW_TIMESTAMP|mismatch|failed/i);
  });
});
