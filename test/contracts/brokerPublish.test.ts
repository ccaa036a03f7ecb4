import { execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contractPath, HTTP_PACT_FILE } from '../../src/contracts/contractsDir.js';
import { stablePact } from '../../src/contracts/stablePact.js';
import { startBrokerStandIn } from './brokerStandIn.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

function npmRun(script: string, brokerUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: root, env: { ...process.env, PACT_BROKER_BASE_URL: brokerUrl, PACT_BROKER_TOKEN: 'test-token', PACT_ENVIRONMENT: 'production', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('publishing contracts/ to a Pact Broker with the official pact-broker CLI (loopback stand-in broker)', () => {
  it('npm run pact:publish sends the HTTP pact with version = git SHA and the branch', async () => {
    const broker = await startBrokerStandIn({ deployable: true });
    try {
      const result = await npmRun('pact:publish', broker.url);
      expect(result.code, result.output).toBe(0);
      expect(broker.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /', 'POST /contracts/publish']);
      const publish = broker.requests[1]!;
      expect(publish.headers.authorization).toBe('Bearer test-token');
      const payload = JSON.parse(publish.body) as { pacticipantName: string; pacticipantVersionNumber: string; branch: string; contracts: { consumerName: string; providerName: string; specification: string; contentType: string; content: string }[] };
      expect(payload.pacticipantName).toBe('ocs-contact-processed');
      expect(payload.pacticipantVersionNumber).toBe(git('rev-parse', 'HEAD'));
      expect(payload.branch).toBe(git('rev-parse', '--abbrev-ref', 'HEAD'));
      expect(payload.contracts).toHaveLength(1);
      const contract = payload.contracts[0]!;
      expect([contract.consumerName, contract.providerName, contract.specification, contract.contentType]).toEqual(['ocs-contact-processed', 'crm-receiver', 'pact', 'application/json']);
      // The published content is the committed contract (metadata aside).
      const published = JSON.parse(Buffer.from(contract.content, 'base64').toString('utf8')) as { interactions: { description: string }[] };
      const committed = JSON.parse(await readFile(contractPath(HTTP_PACT_FILE), 'utf8')) as { interactions: { description: string }[] };
      expect(published.interactions.map((i) => i.description)).toEqual(committed.interactions.map((i) => i.description));
      expect(stablePact(published)).toEqual(stablePact(committed));
    } finally {
      await broker.close();
    }
  });

  it('npm run pact:can-i-deploy asks the matrix for this SHA and environment, and exits by its answer', async () => {
    for (const deployable of [true, false]) {
      const broker = await startBrokerStandIn({ deployable });
      try {
        const result = await npmRun('pact:can-i-deploy', broker.url);
        expect(result.code !== 0, result.output).toBe(!deployable);
        const query = broker.requests.find((r) => r.url.startsWith('/matrix?'));
        expect(query, JSON.stringify(broker.requests.map((r) => r.url))).toBeDefined();
        const params = new URL(query!.url, broker.url).searchParams;
        expect(params.get('q[][pacticipant]')).toBe('ocs-contact-processed');
        expect(params.get('q[][version]')).toBe(git('rev-parse', 'HEAD'));
        expect(params.get('environment')).toBe('production');
      } finally {
        await broker.close();
      }
    }
  });
});
