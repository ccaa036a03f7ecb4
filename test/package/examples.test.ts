/**
 * The example projects in examples/, run as their CI would: each copied to a temp folder, cpn-kit
 * replaced by the packed tarball, `npm install`, then their scripts, against a loopback Pact Broker
 * stand-in. The documented flow end to end: the sender team (it owns the OCS configuration) publishes
 * the contract under its names and path; the receiver team verifies it from the broker and publishes
 * the whole verdict; each side asks can-i-deploy, and records its deployment.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractPath, HTTP_PACT_FILE } from '../../src/pact/contractsDir.js';
import { scenarioCatalog } from '../../src/scenarios/scenarioCatalog.js';
import { startBrokerStandIn } from '../pact/brokerStandIn.js';
import { cleanEnv, describeRun, packKit, repoRoot, runCommand } from './packKit.js';
import { needing, type Missing } from '../support/requirement.js';

const SENDER = {
  name: 'acme-ocs-relay',
  sha: '9b1f3c7e2a4d6f8091a2b3c4d5e6f708192a3b4c',
  branch: 'main',
};
const RECEIVER = {
  name: 'acme-crm',
  sha: '4e5d6c7b8a9f0e1d2c3b4a5968778695a4b3c2d1',
  branch: 'feature/ocs-endpoint',
};
const PATH = '/ocs/contact-processed';

/** `npm ping` within 20 s: the examples install vitest, msw, Pact and express, which the cache may not hold. */
function registryReachable(): boolean {
  const ping = spawnSync('npm', ['ping'], { env: cleanEnv(), timeout: 20_000, stdio: 'ignore' });
  return ping.status === 0;
}
/** The examples install vitest, msw, Pact and express: without the registry they cannot run. */
const registry: Missing | undefined = registryReachable()
  ? undefined
  : {
      what: 'the npm registry to install the examples (npm ping failed within 20 s)',
      install: 'reach the registry set in npm config, or set registry= to one that can be reached',
    };

type Broker = Awaited<ReturnType<typeof startBrokerStandIn>>;

/** Copies an example (without anything a run left) and points its cpn-kit at the tarball. */
async function prepareExample(name: string, root: string, tarball: string): Promise<string> {
  const dir = join(root, name);
  const skip = /[/\\](node_modules|reports|pacts)$/;
  await cp(join(repoRoot, 'examples', name), dir, {
    recursive: true,
    filter: (source) => !skip.test(source),
  });
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string> | undefined
  >;
  const section = ['dependencies', 'devDependencies'].find(
    (s) => manifest[s]?.['cpn-kit'] !== undefined,
  );
  if (section === undefined)
    throw new Error(`examples/${name}/package.json does not depend on cpn-kit`);
  manifest[section]!['cpn-kit'] = `file:${tarball}`;
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

needing(registry).describe(
  'the example projects, run as their CI runs them (npm registry reachable)',
  () => {
    let root: string;
    let sender: string;
    let receiver: string;
    let broker: Broker;
    /** How many interactions the kit's HTTP contract has (the team's contract has the same). */
    let kitInteractions: number;

    /** Runs `npm ARGS` in an example as its CI job would, with the broker and git variables of that side. */
    const npm = (dir: string, side: typeof SENDER, args: string[], timeoutMs = 120_000) =>
      runCommand('npm', args, {
        cwd: dir,
        timeoutMs,
        env: cleanEnv({
          PACT_BROKER_BASE_URL: broker.url,
          GIT_SHA: side.sha,
          GIT_BRANCH: side.branch,
        }),
      });

    beforeAll(async () => {
      const tarball = await packKit();
      kitInteractions = (JSON.parse(await readFile(contractPath(HTTP_PACT_FILE), 'utf8')) as Pact)
        .interactions.length;
      broker = await startBrokerStandIn({ deployable: true });
      root = await mkdtemp(join(tmpdir(), 'cpn-kit-examples-'));
      [sender, receiver] = await Promise.all([
        prepareExample('sender-fetch', root, tarball),
        prepareExample('receiver-express', root, tarball),
      ]);
      const installs = await Promise.all(
        [sender, receiver].map((dir) =>
          runCommand('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
            cwd: dir,
            timeoutMs: 240_000,
          }),
        ),
      );
      installs.forEach((run, i) => {
        if (run.code !== 0)
          throw new Error(
            describeRun(`npm install in ${i === 0 ? 'sender-fetch' : 'receiver-express'}`, run),
          );
      });
    }, 420_000);

    afterAll(async () => {
      await broker?.close();
      if (root !== undefined) await rm(root, { recursive: true, force: true });
    });

    describe('sender-fetch (the relay in front of OCS; it owns the contract)', () => {
      it('npm test: the relay passes every receiver scenario in-process (msw)', async () => {
        const run = await npm(sender, SENDER, ['test']);
        expect(run.code, describeRun('npm test', run)).toBe(0);
        // One test per scenario of the catalog, and one for redirects.
        expect(run.stdout).toMatch(
          new RegExp(
            `Tests\\s+${scenarioCatalog.length + 1} passed \\(${scenarioCatalog.length + 1}\\)`,
          ),
        );
      }, 150_000);

      it(
        'npm run check: check-sender runs bin/relay.js once per scenario over loopback, and ' +
          'writes JUnit',
        async () => {
          const run = await npm(sender, SENDER, ['run', 'check']);
          expect(run.code, describeRun('npm run check', run)).toBe(0);
          // Every scenario, and the request envelope.
          expect(run.stdout).toMatch(
            new RegExp(
              `^check-sender node bin/relay\\.js: conformant \\(${scenarioCatalog.length + 1} passed, 0 failed`,
              'm',
            ),
          );
          const junit = await readFile(join(sender, 'reports', 'sender.xml'), 'utf8');
          expect(junit).toMatch(
            new RegExp(`<testsuites[^>]* tests="${scenarioCatalog.length + 1}"[^>]* failures="0"`),
          );
        },
        150_000,
      );

      it(
        'npm run contract:publish: writes the contract under its names and path, and publishes ' +
          'it with its commit and branch',
        async () => {
          const run = await npm(sender, SENDER, ['run', 'contract:publish']);
          expect(run.code, describeRun('npm run contract:publish', run)).toBe(0);
          const written = JSON.parse(
            await readFile(join(sender, 'pacts', `${SENDER.name}-${RECEIVER.name}.json`), 'utf8'),
          ) as Pact;
          expect([written.consumer.name, written.provider.name]).toEqual([
            SENDER.name,
            RECEIVER.name,
          ]);

          const publications = broker.requests.filter(
            (r) => r.method === 'POST' && r.url === '/contracts/publish',
          );
          expect(
            publications,
            broker.requests.map((r) => `${r.method} ${r.url}`).join('\n'),
          ).toHaveLength(1);
          const body = JSON.parse(publications[0]!.body) as {
            pacticipantName: string;
            pacticipantVersionNumber: string;
            branch?: string;
            contracts: { consumerName: string; providerName: string; content: string }[];
          };
          expect(body).toMatchObject({
            pacticipantName: SENDER.name,
            pacticipantVersionNumber: SENDER.sha,
            branch: SENDER.branch,
          });
          expect(body.contracts.map((c) => [c.consumerName, c.providerName])).toEqual([
            [SENDER.name, RECEIVER.name],
          ]);
          const published = JSON.parse(
            Buffer.from(body.contracts[0]!.content, 'base64').toString('utf8'),
          ) as Pact;
          expect(published.interactions).toHaveLength(kitInteractions);
          expect(new Set(published.interactions.map((i) => i.request.path))).toEqual(
            new Set([PATH]),
          );
        },
        60_000,
      );
    });

    describe('receiver-express (the CRM endpoint; it verifies the contract)', () => {
      it("npm test: checkReceiver, then Pact's Verifier set up by the kit, pass the Express app", async () => {
        // Verbose: vitest's default reporter names only the tests slower than 300 ms.
        const run = await npm(receiver, RECEIVER, ['test', '--', '--reporter=verbose']);
        expect(run.code, describeRun('npm test', run)).toBe(0);
        expect(run.stdout).toMatch(/Tests\s+3 passed \(3\)/);
        expect(run.stdout).toMatch(/✓ .*is judged conformant by checkReceiver/);
        expect(run.stdout).toMatch(
          /✓ .*passes Pact's Verifier on the contract shipped with cpn-kit/,
        );
      }, 150_000);

      it('npm run check: starts the app and check-receiver finds it conformant, with JUnit', async () => {
        const run = await npm(receiver, RECEIVER, ['run', 'check']);
        // Its check script gives no --handled-count: the five exactly-once checks are SKIPs.
        expect(run.code, describeRun('npm run check', run)).toBe(0);
        expect(run.stdout).toMatch(
          /^check-receiver http:\/\/127\.0\.0\.1:\d+\/ocs\/contact-processed: conformant \((\d+) passed, 0 failed, 0 warnings, 5 skipped\)/m,
        );
        expect(run.stdout.match(/^PASS pact-/gm)).toHaveLength(kitInteractions);
        const junit = await readFile(join(receiver, 'reports', 'receiver.xml'), 'utf8');
        expect(junit).toMatch(/<testsuites[^>]* failures="0"/);
      }, 150_000);

      it(
        "npm run verify:broker: verifies the sender's published contract and publishes success " +
          'for its commit and branch',
        async () => {
          const run = await npm(receiver, RECEIVER, ['run', 'verify:broker']);
          expect(run.code, describeRun('npm run verify:broker', run)).toBe(0);
          expect(run.stdout).toMatch(
            new RegExp(
              `^PASS broker-publication: published for ${RECEIVER.name} ${RECEIVER.sha}: ${SENDER.name}: success true$`,
              'm',
            ),
          );
          expect(broker.verifications).toHaveLength(1);
          const verification = broker.verifications[0]!;
          expect([verification.consumer, verification.provider]).toEqual([
            SENDER.name,
            RECEIVER.name,
          ]);
          expect(verification.result).toMatchObject({
            success: true,
            providerApplicationVersion: RECEIVER.sha,
          });
          expect(broker.branchVersions).toContainEqual({
            pacticipant: RECEIVER.name,
            branch: RECEIVER.branch,
            version: RECEIVER.sha,
          });
        },
        150_000,
      );
    });

    describe('the broker gate on both sides', () => {
      it('npm run can-i-deploy: yes for both when the broker says deployable, then record-deployment', async () => {
        for (const [dir, side] of [
          [sender, SENDER],
          [receiver, RECEIVER],
        ] as const) {
          const run = await npm(dir, side, ['run', 'can-i-deploy']);
          expect(run.code, describeRun(`npm run can-i-deploy (${side.name})`, run)).toBe(0);
          expect(run.stdout).toMatch(
            new RegExp(`^yes: ${side.name} ${side.sha} to production`, 'm'),
          );
          const recorded = await npm(dir, side, ['run', 'record-deployment']);
          expect(
            recorded.code,
            describeRun(`npm run record-deployment (${side.name})`, recorded),
          ).toBe(0);
        }
        const asked = broker.requests
          .filter((r) => r.method === 'GET' && r.url.startsWith('/matrix'))
          .map((r) => new URL(r.url, broker.url).searchParams);
        expect(asked.map((q) => [q.get('q[][pacticipant]'), q.get('q[][version]')])).toEqual([
          [SENDER.name, SENDER.sha],
          [RECEIVER.name, RECEIVER.sha],
        ]);
        expect(broker.deployments).toEqual([
          { pacticipant: SENDER.name, version: SENDER.sha, environment: 'production' },
          { pacticipant: RECEIVER.name, version: RECEIVER.sha, environment: 'production' },
        ]);
      }, 120_000);

      it('npm run can-i-deploy: fails the job (exit 1) when the broker says no', async () => {
        const saysNo = await startBrokerStandIn({ deployable: false });
        try {
          const run = await runCommand('npm', ['run', 'can-i-deploy'], {
            cwd: receiver,
            timeoutMs: 60_000,
            env: cleanEnv({
              PACT_BROKER_BASE_URL: saysNo.url,
              GIT_SHA: RECEIVER.sha,
              GIT_BRANCH: RECEIVER.branch,
            }),
          });
          expect(run.code, describeRun('npm run can-i-deploy', run)).toBe(1);
          expect(run.stdout).toMatch(/^NO: acme-crm /m);
        } finally {
          await saysNo.close();
        }
      }, 60_000);
    });
  },
);

interface Pact {
  consumer: { name: string };
  provider: { name: string };
  interactions: { request: { path: string } }[];
}
