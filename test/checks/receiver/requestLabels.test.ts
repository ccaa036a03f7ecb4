/**
 * Every request check-receiver sends is labelled with what it is for: its Pact interaction or its
 * probe. Timelines that gather requests of several checks (common-cause, no-redirect, response-time)
 * and their details show these labels, so no two requests of a run may read alike.
 */
import { describe, expect, it } from 'vitest';
import { contractChecks } from '../../../src/checks/receiver/contractChecks.js';
import { probeChecks } from '../../../src/checks/receiver/probeChecks.js';
import { contractPath, HTTP_PACT_FILE } from '../../../src/pact/contractsDir.js';
import { loadPactFile, type LoadedPact } from '../../../src/pact/loadPacts.js';

const labels = (pacts: readonly LoadedPact[]) =>
  [...contractChecks(pacts, {}), ...probeChecks({})].flatMap((check) =>
    check.requests.map((r) => r.label),
  );

describe('the labels of the requests check-receiver sends', () => {
  it('name the Pact interaction of each contract request, and its set-up delivery apart', async () => {
    const pact = await loadPactFile(contractPath(HTTP_PACT_FILE));
    const checks = contractChecks([pact], {});
    expect(checks).toHaveLength(pact.interactions.length);
    expect(checks.length).toBeGreaterThan(0);
    for (const [i, check] of checks.entries()) {
      const description = pact.interactions[i]!.description;
      expect(check.requests.at(-1)!.label).toBe(`contract: ${description}`);
    }
    const duplicate = checks.find((c) => c.requests.length === 2)!;
    expect(duplicate.requests.map((r) => r.label)).toEqual([
      'first delivery for contract: a duplicate delivery of an already received notification',
      'contract: a duplicate delivery of an already received notification',
    ]);
  });

  it('name the probe of each of its own requests', () => {
    const probes = probeChecks({}).flatMap((c) => c.requests.map((r) => r.label));
    expect(probes).toEqual([
      'a retried notification: first delivery',
      'a retried notification: second delivery (the same bytes)',
      'user-defined fields it has never seen',
      'call result and optimization values past the known tables',
      'a GSW_ field from a newer OCS release',
      'a valid notification of 16 KiB (54 user-defined fields)',
      'a valid notification of 64 KiB (61 user-defined fields)',
      'a body that is not JSON',
      'a message with 20 mandatory fields missing',
    ]);
  });

  it("are all different in a run, with several consumers' pacts too (each names its consumer)", async () => {
    const pact = await loadPactFile(contractPath(HTTP_PACT_FILE));
    const one = labels([pact]);
    expect(one).toHaveLength(pact.interactions.length + 1 + 9);
    expect(new Set(one).size).toBe(one.length);
    const two = labels([pact, { ...pact, consumer: 'ocs-emea' }]);
    expect(new Set(two).size).toBe(two.length);
    expect(two).toContain('contract: an sms notification (ocs-emea)');
  });
});
