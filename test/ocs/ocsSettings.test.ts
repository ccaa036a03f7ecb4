/**
 * The one settings step: the reference sender, the scenario session, check-receiver and the proxy
 * refuse the same bad OCS settings in the same words, naming every one at once, each with its OCS
 * option; good ones come back with the defaults filled in and the timeout in seconds and ms.
 */
import { describe, expect, it } from 'vitest';
import { assumptions } from '../../src/assumptions.js';
import { checkReceiver } from '../../src/checks/receiver/checkReceiver.js';
import { startProxy } from '../../src/checks/proxy/startProxy.js';
import { IssueCollector } from '../../src/errors/IssueCollector.js';
import { OptionError } from '../../src/errors/OptionError.js';
import { ocsSettings } from '../../src/ocs/ocsSettings.js';
import { createScenarioSession } from '../../src/scenarios/createScenarioSession.js';
import { createSender } from '../../src/sender/createSender.js';

const bad = { responseTimeout: 0, retryMaxAttempts: -1, connectionPoolSize: 0 } as const;
/** The lines every role says about `bad`, in one wording and one order. */
const SAID = [
  'retryMaxAttempts (http-retry-max-attempts): expected an integer 0 or more, found -1',
  'connectionPoolSize (http-connection-pool-size): expected an integer 1 or more, found 0',
  'responseTimeout (http-response-timeout): expected a number of seconds greater than 0, found 0',
];

async function refusal(start: () => unknown): Promise<string[]> {
  const error = await Promise.resolve()
    .then(start)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(OptionError);
  return (error as OptionError).issues.map(
    (i) =>
      `${i.option}${i.ocsOption ? ` (${i.ocsOption})` : ''}: expected ${i.expected}, found ${i.found}`,
  );
}

describe('ocsSettings', () => {
  it('fills in the defaults, in seconds and milliseconds', () => {
    const issues = new IssueCollector();
    expect(ocsSettings({ responseTimeout: 2.5 }, issues)).toMatchObject({
      responseTimeoutSeconds: 2.5,
      responseTimeoutMs: 2500,
      connectionPoolSize: assumptions.connectionPoolSize,
      retryMaxAttempts: assumptions.retryMaxAttempts,
    });
    expect(issues.issues).toEqual([]);
  });

  it.each([
    ['the reference sender', () => createSender({ uri: 'http://127.0.0.1:9/', ...bad }), SAID],
    ['the scenario session', () => createScenarioSession(bad), [SAID[0], SAID[2]]],
    // A receiver is not configured with retries: check-receiver takes the pool and the timeout.
    ['check-receiver', () => checkReceiver({ url: 'http://127.0.0.1:9/', ...bad }), SAID.slice(1)],
    ['the proxy', () => startProxy({ target: 'http://127.0.0.1:9/', port: 0, ...bad }), SAID],
  ])(
    '%s names every bad OCS setting it takes at once, in the one wording',
    async (_, start, said) => {
      expect(await refusal(start)).toEqual(said);
    },
  );
});
