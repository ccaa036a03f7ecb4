/**
 * The broker flow from an installed package, with the kit's own commands (no pact-broker CLI needed
 * by the user): `cpn-kit pact` writes the contract under a team's names and publishes it,
 * `cpn-kit can-i-deploy` gates, `cpn-kit record-deployment` records — each checked against a loopback
 * stand-in broker, and the publication and the matrix query compared with what the official
 * pact-broker CLI (a devDependency here) sends for the same pact.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contractPath, HTTP_PACT_FILE } from '../../src/pact/contractsDir.js';
import { stablePact } from './support/stablePact.js';
import { runCli } from '../cli/runCli.js';
import { startBrokerStandIn } from './brokerStandIn.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = {
  PACT_BROKER_TOKEN: 'test-token',
  PACT_BROKER_USERNAME: undefined,
  PACT_BROKER_PASSWORD: undefined,
};
const VERSION = '5e1c0ffee';

/** The official pact-broker CLI (devDependency @pact-foundation/pact-cli). */
function pactBroker(
  args: string[],
  brokerUrl: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(root, 'node_modules/.bin/pact-broker'), args, {
      env: {
        ...process.env,
        PACT_BROKER_BASE_URL: brokerUrl,
        PACT_BROKER_TOKEN: 'test-token',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

interface Publication {
  pacticipantName: string;
  pacticipantVersionNumber: string;
  branch?: string;
  contracts: {
    consumerName: string;
    providerName: string;
    specification: string;
    contentType: string;
    content: string;
  }[];
}

describe('the broker flow with the kit alone (loopback stand-in broker)', () => {
  it(
    'cpn-kit pact writes the contract under your names and path, and publishes it as the ' +
      'official CLI would',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'cpn-pact-'));
      const broker = await startBrokerStandIn();
      try {
        const args = [
          'pact',
          '--consumer',
          'ocs-acme',
          '--provider',
          'acme-crm',
          '--path',
          '/ocs/contact-processed',
          '--out',
          dir,
          '--message',
          '--broker-url',
          broker.url,
          '--consumer-version',
          VERSION,
          '--branch',
          'main',
        ];
        const result = await runCli(args, { env });
        expect(result.code, result.stdout + result.stderr).toBe(0);
        expect(result.stdout).toMatch(
          /^wrote .*ocs-acme-acme-crm\.json \(10 interaction\(s\), consumer ocs-acme, provider acme-crm\)$/m,
        );
        expect(result.stdout).toMatch(
          /^wrote .*acme-crm-ocs-acme\.json \(1 interaction\(s\), consumer acme-crm, provider ocs-acme\)$/m,
        );
        expect(result.stdout).toMatch(
          /^published ocs-acme-acme-crm\.json as ocs-acme 5e1c0ffee \(branch main\)/m,
        );
        const ours = JSON.parse(
          broker.requests.find((r) => r.url === '/contracts/publish')!.body,
        ) as Publication;
        expect(broker.requests.every((r) => r.headers.authorization === 'Bearer test-token')).toBe(
          true,
        );
        expect(ours).toMatchObject({
          pacticipantName: 'ocs-acme',
          pacticipantVersionNumber: VERSION,
          branch: 'main',
        });
        // Only the HTTP pact: the message pact's consumer is the receiver's worker.
        expect(
          ours.contracts.map((c) => [
            c.consumerName,
            c.providerName,
            c.specification,
            c.contentType,
          ]),
        ).toEqual([['ocs-acme', 'acme-crm', 'pact', 'application/json']]);
        const published = JSON.parse(
          Buffer.from(ours.contracts[0]!.content, 'base64').toString('utf8'),
        ) as {
          interactions: { request: { path: string; matchingRules: Record<string, unknown> } }[];
        };
        expect(
          published.interactions.every(
            (i) =>
              i.request.path === '/ocs/contact-processed' &&
              i.request.matchingRules.path === undefined,
          ),
        ).toBe(true);
        const written = JSON.parse(
          await readFile(join(dir, 'ocs-acme-acme-crm.json'), 'utf8'),
        ) as unknown;
        expect(published).toEqual(written);
        // Same interactions and matchers as the kit's contract: only names and path differ.
        const committed = JSON.parse(await readFile(contractPath(HTTP_PACT_FILE), 'utf8')) as {
          interactions: { description: string }[];
        };
        expect(
          (written as { interactions: { description: string }[] }).interactions.map(
            (i) => i.description,
          ),
        ).toEqual(committed.interactions.map((i) => i.description));

        // The official CLI publishing the same file sends the same publication.
        const official = await startBrokerStandIn();
        try {
          const cli = await pactBroker(
            [
              'publish',
              join(dir, 'ocs-acme-acme-crm.json'),
              '--consumer-app-version',
              VERSION,
              '--branch',
              'main',
            ],
            official.url,
          );
          expect(cli.code, cli.output).toBe(0);
          const theirs = JSON.parse(
            official.requests.find((r) => r.url === '/contracts/publish')!.body,
          ) as Publication;
          expect({
            ...theirs,
            contracts: theirs.contracts.map((c) => ({
              ...c,
              content: stablePact(JSON.parse(Buffer.from(c.content, 'base64').toString('utf8'))),
            })),
          }).toMatchObject({
            ...ours,
            contracts: ours.contracts.map((c) => ({
              ...c,
              content: stablePact(JSON.parse(Buffer.from(c.content, 'base64').toString('utf8'))),
            })),
          });
        } finally {
          await official.close();
        }
      } finally {
        await broker.close();
      }
    },
    60_000,
  );

  it('cpn-kit can-i-deploy asks the matrix as the official CLI does, and exits by its answer', async () => {
    for (const deployable of [true, false]) {
      const broker = await startBrokerStandIn({ deployable });
      try {
        const result = await runCli(
          [
            'can-i-deploy',
            '--pacticipant',
            'acme-crm',
            '--version',
            VERSION,
            '--to-environment',
            'production',
            '--broker-url',
            broker.url,
          ],
          { env },
        );
        expect(result.code, result.stdout + result.stderr).toBe(deployable ? 0 : 1);
        expect(result.stdout).toMatch(
          deployable
            ? /^yes: acme-crm 5e1c0ffee to production: All required verification results/
            : /^NO: acme-crm 5e1c0ffee to production: The verification .* failed/,
        );
        const ours = new URL(
          broker.requests.find((r) => r.url.startsWith('/matrix?'))!.url,
          broker.url,
        ).searchParams;
        const cli = await pactBroker(
          [
            'can-i-deploy',
            '--pacticipant',
            'acme-crm',
            '--version',
            VERSION,
            '--to-environment',
            'production',
          ],
          broker.url,
        );
        expect(cli.code !== 0).toBe(!deployable);
        const theirs = new URL(
          broker.requests.filter((r) => r.url.startsWith('/matrix?')).at(-1)!.url,
          broker.url,
        ).searchParams;
        for (const name of ['q[][pacticipant]', 'q[][version]', 'latestby', 'environment'])
          expect(ours.get(name), name).toBe(theirs.get(name));
      } finally {
        await broker.close();
      }
    }
  }, 60_000);

  it(
    'cpn-kit record-deployment records the version in the environment, and names the ' +
      'environments it knows when asked for another',
    async () => {
      const broker = await startBrokerStandIn();
      try {
        const result = await runCli(
          [
            'record-deployment',
            '--pacticipant',
            'acme-crm',
            '--version',
            VERSION,
            '--environment',
            'production',
          ],
          { env: { ...env, PACT_BROKER_BASE_URL: broker.url } },
        );
        expect(result.code, result.stdout + result.stderr).toBe(0);
        expect(broker.deployments).toEqual([
          { pacticipant: 'acme-crm', version: VERSION, environment: 'production' },
        ]);
        const unknown = await runCli(
          [
            'record-deployment',
            '--pacticipant',
            'acme-crm',
            '--version',
            VERSION,
            '--environment',
            'qa',
            '--broker-url',
            broker.url,
          ],
          { env },
        );
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toMatch(
          /the Pact Broker knows no environment "qa" for acme-crm 5e1c0ffee; known: staging, production/,
        );
      } finally {
        await broker.close();
      }
    },
  );

  it('names what is missing: the broker URL, the version to publish', async () => {
    const noBroker = await runCli(
      ['can-i-deploy', '--pacticipant', 'a', '--version', 'v', '--to-environment', 'production'],
      { env: { ...env, PACT_BROKER_BASE_URL: undefined } },
    );
    expect(noBroker.code).toBe(2);
    expect(noBroker.stderr).toMatch(
      /--broker-url: expected the Pact Broker URL \(or PACT_BROKER_BASE_URL in the environment\)/,
    );
    const noVersion = await runCli(
      [
        'pact',
        '--consumer',
        'a',
        '--provider',
        'b',
        '--out',
        await mkdtemp(join(tmpdir(), 'cpn-pact-')),
        '--broker-url',
        'http://127.0.0.1:9',
      ],
      { env },
    );
    expect(noVersion.code).toBe(2);
    expect(noVersion.stderr).toMatch(/--consumer-version: needed with --broker-url/);
  });
});
