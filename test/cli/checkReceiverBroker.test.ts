import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { contractPath, HTTP_PACT_FILE } from '../../src/pact/contractsDir.js';
import { startReceiver } from '../../src/receiver/startReceiver.js';
import { startBrokerStandIn } from '../pact/brokerStandIn.js';
import { defects, startDefective } from '../checks/receiver/defectiveReceivers.js';
import { receiverCorpus } from '../corpus/receivers/receiverCorpus.js';
import { runCli } from './runCli.js';

const TOKEN = 'ci-broker-token';
const VERSION = '3f2a9c1d0b7e';
const BRANCH = 'feature/broker-verification';

/** Runs `cpn-kit check-receiver` with only the broker variables given here (none inherited), killed after 60 s. */
function run(args: string[], brokerEnv: Record<string, string>) {
  const unset = Object.fromEntries(
    [
      'PACT_BROKER_BASE_URL',
      'PACT_BROKER_TOKEN',
      'PACT_BROKER_USERNAME',
      'PACT_BROKER_PASSWORD',
    ].map((name) => [name, undefined]),
  );
  return runCli(['check-receiver', ...args], { env: { ...unset, ...brokerEnv } });
}

const kitPact = async () =>
  JSON.parse(await readFile(contractPath(HTTP_PACT_FILE), 'utf8')) as {
    interactions: { description: string }[];
  };
const brokerArgs = (brokerUrl: string) => [
  '--broker-url',
  brokerUrl,
  '--publish-verification',
  '--provider-version',
  VERSION,
  '--branch',
  BRANCH,
];

interface TestResult {
  interactionId?: string;
  interactionDescription: string;
  success: boolean;
  mismatches?: { description: string }[];
}

describe(
  'cpn-kit check-receiver --broker-url … --publish-verification (child process, loopback ' +
    'stand-in broker)',
  () => {
    it(
      "takes the kit's pact from the broker, verifies the reference receiver and publishes " +
        'success with the version and branch',
      async () => {
        const pact = await kitPact();
        const broker = await startBrokerStandIn({ pacts: [pact], token: TOKEN });
        const running = await startReceiver({ port: 0, path: '/crm' });
        try {
          const result = await run([running.url, ...brokerArgs(broker.url)], {
            PACT_BROKER_TOKEN: TOKEN,
          });
          expect(result.code, result.stdout + result.stderr).toBe(0);
          // The broker's pact is verified interaction by interaction, as a local one is.
          expect(result.stdout.match(/^PASS pact-/gm)).toHaveLength(pact.interactions.length);
          expect(result.stdout).toMatch(
            /^PASS broker-publication: published for crm-receiver 3f2a9c1d0b7e: ocs-contact-processed: success true$/m,
          );
          // The check asked for the provider's pacts with the branch and the OCS consumer, and sent
          // the token every time.
          const forVerification = broker.requests.find(
            (r) => r.method === 'POST' && r.url === '/pacts/provider/crm-receiver/for-verification',
          );
          expect(
            forVerification,
            broker.requests.map((r) => `${r.method} ${r.url}`).join('\n'),
          ).toBeDefined();
          expect(JSON.parse(forVerification!.body)).toMatchObject({
            providerVersionBranch: BRANCH,
            consumerVersionSelectors: [
              { mainBranch: true, consumer: 'ocs-contact-processed' },
              { matchingBranch: true, consumer: 'ocs-contact-processed' },
              { deployedOrReleased: true, consumer: 'ocs-contact-processed' },
            ],
          });
          expect(broker.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(
            true,
          );
          // One result for the one pact: success, this version, each interaction by the broker's _id,
          // and the kit's other checks.
          expect(broker.verifications).toHaveLength(1);
          const { result: published, provider, consumer } = broker.verifications[0]!;
          expect([consumer, provider]).toEqual(['ocs-contact-processed', 'crm-receiver']);
          expect(published).toMatchObject({
            success: true,
            providerApplicationVersion: VERSION,
            verifiedBy: { implementation: 'cpn-kit' },
          });
          const testResults = published.testResults as TestResult[];
          expect(
            new Set(
              testResults.filter((t) => t.interactionId !== undefined).map((t) => t.interactionId),
            ).size,
          ).toBe(pact.interactions.length);
          // Exactly one result per interaction and per check of the kit (named by its id).
          expect(
            testResults
              .map(
                (t) =>
                  /^cpn-kit check ([\w-]+): /.exec(t.interactionDescription)?.[1] ??
                  t.interactionDescription,
              )
              .sort(),
          ).toEqual(
            [
              ...pact.interactions.map((i) => i.description),
              'duplicate-acknowledged',
              'accepts-unknown-user-fields',
              'accepts-vendor-enum-values',
              'accepts-unknown-gsw-fields',
              'accepts-large-notification',
              'accepts-largest-notification',
              'rejects-unparseable-body',
              'rejects-missing-mandatory',
              // The exactly-once checks: SKIPs without --handled-count.
              'exactly-once-duplicate',
              'exactly-once-retry-race',
              'exactly-once-burst',
              'exactly-once-distinct',
              'exactly-once-whole-run',
              'no-redirect',
              'response-time',
            ].sort(),
          );
          expect(testResults.every((t) => t.success)).toBe(true);
          // The provider version was put on the branch before the result was published.
          expect(broker.branchVersions).toEqual([
            { pacticipant: 'crm-receiver', branch: BRANCH, version: VERSION },
          ]);
          const order = broker.requests.map((r) => r.method + ' ' + r.url);
          expect(
            order.findIndex((r) => r.startsWith('PUT /pacticipants/crm-receiver/branches/')),
          ).toBeLessThan(order.findIndex((r) => r.endsWith('/verification-results')));
          // The duplicate state was set up: the contract's duplicate request was a duplicate, besides
          // the duplicate probe's own; only the two bad bodies were refused.
          expect(running.receiver.stats).toEqual({
            accepted: 16,
            duplicates: 2,
            rejected: 2,
            inProgress: 0,
          });
        } finally {
          await running.close();
          await broker.close();
        }
      },
      90_000,
    );

    it(
      'exits 1 for a receiver that answers 409 on a duplicate, and publishes success: false ' +
        'naming what failed',
      async () => {
        const broker = await startBrokerStandIn({ pacts: [await kitPact()] });
        const receiver = await startDefective(defects['answers 409 on a duplicate']!.defect);
        try {
          const result = await run([receiver.url, ...brokerArgs(broker.url)], {});
          expect(result.code, result.stdout + result.stderr).toBe(1);
          expect(result.stdout).toMatch(
            /^FAIL pact-a-duplicate-delivery-of-an-already-received-notification: expected any 2xx; got HTTP 409/m,
          );
          expect(result.stdout).toMatch(/^FAIL duplicate-acknowledged/m);
          expect(broker.verifications).toHaveLength(1);
          const published = broker.verifications[0]!.result;
          expect(published).toMatchObject({ success: false, providerApplicationVersion: VERSION });
          const failed = (published.testResults as TestResult[]).filter((t) => !t.success);
          expect(failed.map((t) => t.interactionDescription)).toEqual([
            'a duplicate delivery of an already received notification',
            'cpn-kit check duplicate-acknowledged: a retried notification (same GUID, same bytes) ' +
              'is acknowledged both times',
          ]);
          expect(failed[0]!.mismatches![0]!.description).toMatch(/expected any 2xx; got HTTP 409/);
        } finally {
          await receiver.close();
          await broker.close();
        }
      },
      90_000,
    );

    // A receiver whose pact interactions all pass can still be non-conformant: the broker must hear it.
    const kinds = [
      'express-accepts-anything',
      'koa-no-validation',
      'express-login-redirect',
      'fastify-slow (over a 1 s response timeout)',
    ];
    it.each(kinds)(
      'publishes success: false for %s, with its failing checks in the test results',
      async (name) => {
        const entry = receiverCorpus.find((r) => r.name === name)!;
        const broker = await startBrokerStandIn({ pacts: [await kitPact()] });
        const receiver = await entry.start();
        try {
          const result = await run([receiver.url, ...brokerArgs(broker.url), ...entry.flags], {});
          expect(result.code, result.stdout + result.stderr).toBe(1);
          expect(broker.verifications).toHaveLength(1);
          const published = broker.verifications[0]!.result;
          expect(published.success).toBe(false);
          const failedChecks = (published.testResults as TestResult[])
            .filter((t) => !t.success)
            .map(
              (t) =>
                /^cpn-kit check ([\w-]+):/.exec(t.interactionDescription)?.[1] ??
                'pact interaction',
            );
          // Exactly the corpus entry's failing findings: each pact interaction, and each check.
          const expected = entry.expect.failing.map((f) =>
            f.startsWith('pact-') ? 'pact interaction' : f,
          );
          expect(expected).not.toEqual([]);
          expect(failedChecks.sort()).toEqual(expected.sort());
        } finally {
          await receiver.close();
          await broker.close();
        }
      },
      90_000,
    );

    it(
      'pending pacts (--enable-pending): a failing interaction is a warning, and the broker ' +
        'still hears success: false',
      async () => {
        const broker = await startBrokerStandIn({ pacts: [await kitPact()], pending: true });
        const receiver = await startDefective(defects['rejects user fields']!.defect);
        try {
          const result = await run(
            [receiver.url, ...brokerArgs(broker.url), '--enable-pending'],
            {},
          );
          expect(
            JSON.parse(
              broker.requests.find(
                (r) => r.url.endsWith('/for-verification') && r.method === 'POST',
              )!.body,
            ),
          ).toMatchObject({ includePendingStatus: true });
          expect(result.stdout).toMatch(
            /^WARN pact-a-notification-with-user-defined-fields: expected any 2xx; got HTTP 400 .*\(a pending pact: reported, not failing the check\)$/m,
          );
          // The probe that is not part of the pact still fails the run.
          expect(result.stdout).toMatch(/^FAIL accepts-unknown-user-fields/m);
          expect(result.code).toBe(1);
          expect(broker.verifications[0]!.result.success).toBe(false);
        } finally {
          await receiver.close();
          await broker.close();
        }
      },
      90_000,
    );

    it(
      'reports a broker that answers 401 as one clear failing finding, publishes nothing, and ' +
        'still runs the other checks',
      async () => {
        const broker = await startBrokerStandIn({ pacts: [await kitPact()], token: TOKEN });
        const running = await startReceiver({ port: 0, path: '/crm' });
        try {
          const result = await run([running.url, ...brokerArgs(broker.url)], {
            PACT_BROKER_TOKEN: 'expired-token',
          });
          expect(result.code, result.stdout + result.stderr).toBe(1);
          expect(result.stdout).toMatch(
            /^FAIL broker: the Pact Broker refused the credentials \(HTTP 401 for GET http:\/\/127\.0\.0\.1:\d+\/\): set PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD$/m,
          );
          expect(result.stdout).toMatch(/^PASS duplicate-acknowledged/m);
          expect(broker.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /']);
          expect(broker.verifications).toEqual([]);
        } finally {
          await running.close();
          await broker.close();
        }
      },
      90_000,
    );

    it(
      'without --broker-url, a PACT_BROKER_BASE_URL in the environment is never used: only the ' +
        'local pacts',
      async () => {
        const broker = await startBrokerStandIn({ pacts: [await kitPact()] });
        const running = await startReceiver({ port: 0, path: '/crm' });
        try {
          const result = await run([running.url], {
            PACT_BROKER_BASE_URL: broker.url,
            PACT_BROKER_TOKEN: TOKEN,
          });
          expect(result.code, result.stdout + result.stderr).toBe(0);
          expect(result.stdout.match(/^PASS pact-/gm)).toHaveLength(10);
          expect(broker.requests).toEqual([]);
        } finally {
          await running.close();
          await broker.close();
        }
      },
      90_000,
    );
  },
);
