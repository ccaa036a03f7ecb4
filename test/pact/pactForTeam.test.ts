/**
 * A contract written under a team's own names and path (`cpn-kit pact`) is the kit's contract: Pact's
 * own Verifier passes it against the reference receiver mounted at that path, with no request filter.
 */
import { Verifier } from '@pact-foundation/pact';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DUPLICATE_STATE } from '../../src/pact/contractNames.js';
import { normalizeGuid } from '../../src/receiver/DedupeStore.js';
import { LruDedupeStore } from '../../src/receiver/LruDedupeStore.js';
import { startReceiver } from '../../src/receiver/startReceiver.js';
import { runCli } from '../cli/runCli.js';

describe('cpn-kit pact --consumer --provider --path, verified by Pact', () => {
  it("passes Pact's Verifier against the reference receiver at that path", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-team-pact-'));
    const written = await runCli([
      'pact',
      '--consumer',
      'ocs-acme',
      '--provider',
      'acme-crm',
      '--path',
      '/crm/ocs/notifications',
      '--out',
      dir,
    ]);
    expect(written.code, written.stderr).toBe(0);
    const store = new LruDedupeStore();
    const received: string[] = [];
    const running = await startReceiver({
      port: 0,
      path: '/crm/ocs/notifications',
      store,
      onNotification: ({ guid }) => void received.push(guid),
    });
    try {
      await new Verifier({
        provider: 'acme-crm',
        providerBaseUrl: new URL(running.url).origin,
        pactUrls: [join(dir, 'ocs-acme-acme-crm.json')],
        stateHandlers: {
          [DUPLICATE_STATE]: async (params?: unknown) => {
            // Received and handled: claimed, then done (a claim alone is a delivery in progress).
            const key = normalizeGuid(
              String((params as { GSW_MESSAGE_GUID: string }).GSW_MESSAGE_GUID),
            );
            store.claim(key);
            store.complete(key);
            return undefined;
          },
        },
        logLevel: 'error',
      }).verifyProvider();
      expect(received).toHaveLength(9);
      expect(running.receiver.stats).toMatchObject({ duplicates: 1, rejected: 0 });
      // A request at another path is not what this contract describes: the reference receiver answers 404.
      expect(
        (
          await fetch(new URL('/notifications', running.url), {
            method: 'POST',
            body: '{}',
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(404);
    } finally {
      await running.close();
    }
  }, 60_000);

  it('check-receiver --pact verifies that file against the receiver', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-team-pact-'));
    await runCli([
      'pact',
      '--consumer',
      'ocs-acme',
      '--provider',
      'acme-crm',
      '--path',
      '/crm/ocs/notifications',
      '--out',
      dir,
    ]);
    const running = await startReceiver({ port: 0, path: '/crm/ocs/notifications' });
    try {
      const result = await runCli([
        'check-receiver',
        running.url,
        '--pact',
        join(dir, 'ocs-acme-acme-crm.json'),
        '--provider',
        'acme-crm',
        '--response-timeout',
        '2',
      ]);
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout.match(/^PASS pact-/gm)).toHaveLength(10);
    } finally {
      await running.close();
    }
  }, 60_000);
});
