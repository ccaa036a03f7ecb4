/**
 * Pact's own Verifier, set up by `receiverVerifierOptions`, against receivers with the faults a raw
 * Verifier set-up lets through: it never follows a redirect (a 301 or 308 is judged as the redirect it
 * is, not as the 404 or the "error following redirect" of the page it points to), the state hook gets
 * the GUID as it appears in the message, and a state hook that changed nothing the receiver sees, a
 * handler that handled a duplicate again, or a `handledCount` that counts nothing fails the run.
 */
import { Verifier } from '@pact-foundation/pact';
import { createServer, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DUPLICATE_STATE } from '../../src/pact/contractNames.js';
import { contractPath, HTTP_PACT_FILE } from '../../src/pact/contractsDir.js';
import {
  receiverVerifierOptions,
  type ReceiverVerifierOptions,
} from '../../src/pact/receiverVerifierOptions.js';
import { normalizeGuid, type DedupeStore } from '../../src/receiver/DedupeStore.js';
import { startReceiver } from '../../src/receiver/startReceiver.js';
import { listenOnLoopback } from '../support/loopback.js';

const PATH = '/ocs/contact-processed';
/** The GUID of the contract's duplicate delivery, as the message (and the state's parameter) spells it. */
const DUPLICATE_GUID = '6f1c2d3e-4b5a-4978-8a6b-5c4d3e2f1a09';

interface Outcome {
  readonly passed: boolean;
  /** What the Verifier's rejection said (empty when it passed). */
  readonly failure: string;
  /** What the set-up printed on standard error. */
  readonly explained: string;
}

/** Runs Pact's Verifier on the kit's contract with the set-up; what it concluded and what was printed. */
async function verify(options: ReceiverVerifierOptions): Promise<Outcome> {
  const printed: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  };
  try {
    await new Verifier({
      provider: 'crm-receiver',
      pactUrls: [contractPath(HTTP_PACT_FILE)],
      ...receiverVerifierOptions(options),
      logLevel: 'error',
    }).verifyProvider();
    return { passed: true, failure: '', explained: printed.join('') };
  } catch (error) {
    return { passed: false, failure: String(error), explained: printed.join('') };
  } finally {
    process.stderr.write = write;
  }
}

/** The reference receiver at PATH with a store keyed as given, and the GUIDs its handler was given. */
async function receiverWith(store: DedupeStore) {
  const handled: string[] = [];
  const running = await startReceiver({
    port: 0,
    path: PATH,
    store,
    onNotification: ({ guid }) => void handled.push(guid),
  });
  const handledCount = (guid: string) => handled.filter((g) => g === guid).length;
  return { running, handled, handledCount };
}

/** A store that keys on exactly the string it is given (the reference receiver gives it normalizeGuid()). */
function storeKeyedAsGiven() {
  const seen = new Set<string>();
  const store: DedupeStore = {
    claim: (key) => !seen.has(key) && seen.add(key) !== undefined,
    release: (key) => void seen.delete(key),
  };
  return { store, seen };
}

/** A server that answers every request with `status` and a Location on the same server (closed after the test). */
async function redirecting(status: number): Promise<string> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { location: `${PATH}/` }).end());
  });
  return `http://127.0.0.1:${await listenOnLoopback(server)}${PATH}`;
}

describe('receiverVerifierOptions: Pact’s Verifier that never follows and checks its state hook', () => {
  it('passes a receiver whose store the hook reaches, handing over the GUID as in the message', async () => {
    const { store, seen } = storeKeyedAsGiven();
    const { running, handled, handledCount } = await receiverWith(store);
    const given: string[] = [];
    try {
      const outcome = await verify({
        url: running.url,
        alreadyReceived: (guid) => {
          given.push(guid);
          void store.claim(normalizeGuid(guid)); // this store keys on the form the receiver gives it
        },
        handledCount,
      });
      expect(outcome, outcome.explained).toMatchObject({ passed: true, failure: '' });
      expect(given).toEqual([DUPLICATE_GUID]);
      expect(seen.has(normalizeGuid(DUPLICATE_GUID))).toBe(true);
      expect(handled).toHaveLength(9);
      expect(handled).not.toContain(DUPLICATE_GUID);
      expect(running.receiver.stats).toMatchObject({ accepted: 9, duplicates: 1, rejected: 0 });
    } finally {
      await running.close();
    }
  }, 60_000);

  it('fails when the hook marked a GUID the receiver never looks up (its store keys on another form)', async () => {
    const { store } = storeKeyedAsGiven();
    const { running, handled, handledCount } = await receiverWith(store);
    try {
      const outcome = await verify({
        url: running.url,
        alreadyReceived: (guid) => void store.claim(guid), // dashes kept; the receiver claims normalizeGuid()
        handledCount,
      });
      expect(outcome.passed).toBe(false);
      expect(outcome.failure).toContain('a duplicate delivery of an already received notification');
      expect(outcome.failure).toContain('teardown state change handlers has failed');
      expect(outcome.explained).toContain(
        `provider state "${DUPLICATE_STATE}": the duplicate delivery of ${DUPLICATE_GUID} was handled again ` +
          '(handledCount went from 0 to 1)',
      );
      expect(handled.filter((g) => g === DUPLICATE_GUID)).toEqual([DUPLICATE_GUID]);
    } finally {
      await running.close();
    }
  }, 60_000);

  it('fails when the hook did nothing at all', async () => {
    const { store } = storeKeyedAsGiven();
    const { running, handledCount } = await receiverWith(store);
    try {
      const outcome = await verify({ url: running.url, alreadyReceived: () => {}, handledCount });
      expect(outcome.passed).toBe(false);
      expect(outcome.explained).toContain(
        `the duplicate delivery of ${DUPLICATE_GUID} was handled again`,
      );
    } finally {
      await running.close();
    }
  }, 60_000);

  it('fails when the hook throws (Pact itself would only log it and go on)', async () => {
    const { store } = storeKeyedAsGiven();
    const { running, handledCount } = await receiverWith(store);
    try {
      const outcome = await verify({
        url: running.url,
        alreadyReceived: () => {
          throw new Error('redis is down');
        },
        handledCount,
      });
      expect(outcome.passed).toBe(false);
      expect(outcome.failure).toContain('setup state change');
      expect(outcome.explained).toContain(
        `provider state "${DUPLICATE_STATE}": alreadyReceived("${DUPLICATE_GUID}") failed: redis is down`,
      );
    } finally {
      await running.close();
    }
  }, 60_000);

  it('fails a handledCount that counts nothing: nine notifications acknowledged, none seen handled', async () => {
    const { store } = storeKeyedAsGiven();
    const { running } = await receiverWith(store);
    try {
      const outcome = await verify({
        url: running.url,
        alreadyReceived: (guid) => void store.claim(normalizeGuid(guid)),
        handledCount: () => 0,
      });
      expect(outcome.passed).toBe(false);
      expect(outcome.explained).toMatch(
        /the notification [0-9a-f-]{36} was acknowledged \(HTTP 200\) but handledCount stayed at 0/,
      );
      expect(
        outcome.explained.match(/was acknowledged \(HTTP 200\) but handledCount/g),
      ).toHaveLength(9);
    } finally {
      await running.close();
    }
  }, 60_000);

  it.each([301, 308])(
    'judges a %i as the redirect it is: never followed, its Location never requested',
    async (status) => {
      const outcome = await verify({
        url: await redirecting(status),
        alreadyReceived: () => {},
        handledCount: () => 0,
      });
      expect(outcome.passed).toBe(false);
      expect(outcome.failure).toContain(
        `Expected status code ${status} to be a Successful response (200–299)`,
      );
      expect(outcome.failure).not.toMatch(/404|following redirect/);
      expect(outcome.explained).toContain(
        `answered ${status} with Location ${PATH}/: OCS never follows a redirect, and neither does this verification`,
      );
    },
    60_000,
  );
});
