import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { contractPath, HTTP_PACT_FILE } from '../../src/contracts/contractsDir.js';
import { startReceiver } from '../../src/receiver/startReceiver.js';
import { startBrokerStandIn } from '../contracts/brokerStandIn.js';
import { defects, startDefective } from '../contracts/defectiveReceivers.js';
import { runCli } from './runCli.js';

const TOKEN = 'ci-broker-token';
const VERSION = '3f2a9c1d0b7e';
const BRANCH = 'feature/broker-verification';

/** Runs `cpn-kit check-receiver` with only the broker credentials given here (none inherited), killed after 60 s. */
function run(args: string[], brokerEnv: Record<string, string>) {
  const unset = Object.fromEntries(['PACT_BROKER_TOKEN', 'PACT_BROKER_USERNAME', 'PACT_BROKER_PASSWORD'].map((name) => [name, undefined]));
  return runCli(['check-receiver', ...args], { env: { ...unset, ...brokerEnv } });
}

const kitPact = async () => JSON.parse(await readFile(contractPath(HTTP_PACT_FILE), 'utf8')) as { interactions: { description: string }[] };
const brokerArgs = (brokerUrl: string) => ['--broker-url', brokerUrl, '--publish-verification', '--provider-version', VERSION, '--branch', BRANCH];

describe('cpn-kit check-receiver --broker-url … --publish-verification (child process, loopback stand-in broker)', () => {
  it("takes the kit's pact from the broker, verifies the reference receiver and publishes success with the version and branch", async () => {
    const pact = await kitPact();
    const broker = await startBrokerStandIn({ pacts: [pact], token: TOKEN });
    const running = await startReceiver({ port: 0, path: '/crm' });
    try {
      const result = await run([running.url, ...brokerArgs(broker.url)], { PACT_BROKER_TOKEN: TOKEN });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/PASS pact-verification: every interaction verified/);
      // The verifier asked for the provider's pacts with the branch, and sent the token every time.
      const forVerification = broker.requests.find((r) => r.method === 'POST' && r.url === '/pacts/provider/crm-receiver/for-verification');
      expect(forVerification, broker.requests.map((r) => `${r.method} ${r.url}`).join('\n')).toBeDefined();
      expect(JSON.parse(forVerification!.body)).toMatchObject({ providerVersionBranch: BRANCH });
      expect(broker.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
      // One result for the one pact: success, this version, a passing result per interaction of the contract.
      expect(broker.verifications).toHaveLength(1);
      const { result: published, provider, consumer } = broker.verifications[0]!;
      expect([consumer, provider]).toEqual(['ocs-contact-processed', 'crm-receiver']);
      expect(published.success).toBe(true);
      expect(published.providerApplicationVersion).toBe(VERSION);
      // On success pact_verifier reports each interaction by the `_id` the broker gave it.
      const testResults = published.testResults as { interactionId: string; success: boolean }[];
      expect(new Set(testResults.map((t) => t.interactionId)).size).toBe(pact.interactions.length);
      expect(testResults.every((t) => t.success)).toBe(true);
      // The provider version was put on the branch before the result was published.
      expect(broker.branchVersions).toEqual([{ pacticipant: 'crm-receiver', branch: BRANCH, version: VERSION }]);
      const order = broker.requests.map((r) => r.method + ' ' + r.url);
      expect(order.findIndex((r) => r.startsWith('PUT /pacticipants/crm-receiver/branches/'))).toBeLessThan(order.findIndex((r) => r.endsWith('/verification-results')));
      // The duplicate state was set up from the kit's contract even though the pact came from the broker:
      // the pre-delivery made the contract's duplicate request a duplicate, besides the duplicate probe's own.
      expect(running.receiver.stats.duplicates).toBeGreaterThanOrEqual(2);
    } finally {
      await running.close();
      await broker.close();
    }
  }, 90_000);

  it('exits 1 for a receiver that answers 409 on a duplicate, and publishes success: false naming the failed interaction', async () => {
    const broker = await startBrokerStandIn({ pacts: [await kitPact()] });
    const receiver = await startDefective(defects['answers 409 on a duplicate']!.defect);
    try {
      const result = await run([receiver.url, ...brokerArgs(broker.url)], {});
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toMatch(/FAIL pact-verification: 1 interaction\(s\) failed/);
      expect(result.stdout).toMatch(/FAIL duplicate-acknowledged/);
      expect(broker.verifications).toHaveLength(1);
      const published = broker.verifications[0]!.result;
      expect(published.success).toBe(false);
      expect(published.providerApplicationVersion).toBe(VERSION);
      const failed = (published.testResults as { interactionDescription?: string; success: boolean }[]).filter((t) => !t.success);
      expect(failed.map((t) => t.interactionDescription)).toEqual(['a duplicate delivery of an already received notification']);
      expect(broker.branchVersions).toEqual([{ pacticipant: 'crm-receiver', branch: BRANCH, version: VERSION }]);
    } finally {
      await receiver.close();
      await broker.close();
    }
  }, 90_000);

  it('reports a broker that answers 401 as one clear failing finding, publishes nothing, and still runs the other checks', async () => {
    const broker = await startBrokerStandIn({ pacts: [await kitPact()], token: TOKEN });
    const running = await startReceiver({ port: 0, path: '/crm' });
    try {
      const result = await run([running.url, ...brokerArgs(broker.url)], { PACT_BROKER_TOKEN: 'expired-token' });
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toMatch(/FAIL pact-verification: the pacts could not be fetched from the broker \(the broker refused the credentials: set PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD\): .*401 Unauthorized/);
      expect(result.stdout).toMatch(/PASS duplicate-acknowledged/);
      // Refused at the index: no retry of a 401, nothing published.
      expect(broker.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /']);
      expect(broker.verifications).toEqual([]);
    } finally {
      await running.close();
      await broker.close();
    }
  }, 90_000);
});
