import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in broker received. */
export interface BrokerRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * A loopback stand-in for a Pact Broker that answers what `pact-broker publish` and `can-i-deploy`
 * ask, in the shapes of the broker's published HAL API: the index with `pb:publish-contracts`,
 * `POST /contracts/publish` (the all-in-one publication endpoint) and `GET /matrix`. It records
 * every request so a test can assert what the official CLI sent.
 */
export async function startBrokerStandIn(options: { deployable: boolean }): Promise<{ url: string; requests: BrokerRequest[]; close(): Promise<void> }> {
  const requests: BrokerRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const base = `http://${req.headers.host}`;
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/hal+json;charset=utf-8' }).end(JSON.stringify(value));
      };
      if (req.method === 'GET' && req.url === '/') {
        return json(200, { _links: { self: { href: base }, 'pb:publish-contracts': { href: `${base}/contracts/publish`, title: 'Publish contracts', templated: false } } });
      }
      if (req.method === 'POST' && req.url === '/contracts/publish') {
        const payload = JSON.parse(body) as { pacticipantName: string; pacticipantVersionNumber: string; contracts: { consumerName: string; providerName: string }[] };
        const name = payload.pacticipantName;
        const version = payload.pacticipantVersionNumber;
        const versionHref = `${base}/pacticipants/${name}/versions/${version}`;
        return json(200, {
          notices: payload.contracts.map((c) => ({ type: 'success', text: `Pact published for ${c.consumerName} version ${version} and provider ${c.providerName}.` })),
          logs: [],
          _embedded: {
            pacticipant: { name, _links: { self: { href: `${base}/pacticipants/${name}` } } },
            version: { number: version, _links: { self: { href: versionHref, name: version, title: 'Version' } } },
          },
          _links: {
            'pb:pacticipant': { href: `${base}/pacticipants/${name}`, name, title: 'Pacticipant' },
            'pb:pacticipant-version': { href: versionHref, name: version, title: 'Pacticipant version' },
            'pb:pacticipant-version-tags': [],
            'pb:contracts': payload.contracts.map((c) => ({ href: `${base}/pacts/provider/${c.providerName}/consumer/${c.consumerName}/version/${version}`, name: `Pact between ${c.consumerName} (${version}) and ${c.providerName}`, title: 'Pact' })),
          },
        });
      }
      if (req.method === 'GET' && (req.url ?? '').startsWith('/matrix?')) {
        const query = new URL(req.url ?? '', base).searchParams;
        const pacticipant = query.get('q[][pacticipant]') ?? '';
        const version = query.get('q[][version]') ?? '';
        return json(200, {
          summary: { deployable: options.deployable, reason: options.deployable ? 'All required verification results are published and successful' : 'The verification for the pact between ocs-contact-processed and crm-receiver failed', success: options.deployable ? 1 : 0, failed: options.deployable ? 0 : 1, unknown: 0 },
          notices: [{ type: options.deployable ? 'success' : 'error', text: options.deployable ? 'Computer says yes \\o/' : 'Computer says no ¯\\_(ツ)_/¯' }],
          matrix: [{ consumer: { name: pacticipant, version: { number: version } }, provider: { name: 'crm-receiver', version: { number: 'r1' } }, verificationResult: { success: options.deployable, _links: { self: { href: `${base}/verification-results/1` } } } }],
        });
      }
      return json(404, { error: `the stand-in broker does not serve ${req.method} ${req.url}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
