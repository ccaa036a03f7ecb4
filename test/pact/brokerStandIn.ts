import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in broker received. */
export interface BrokerRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A verification result posted to a pact's `pb:publish-verification-results` link. */
export interface PublishedVerification {
  readonly provider: string;
  readonly consumer: string;
  readonly pactVersion: string;
  /** The JSON body as the verifier sent it (`success`, `providerApplicationVersion`, `testResults`, `verifiedBy`). */
  readonly result: {
    success?: unknown;
    providerApplicationVersion?: unknown;
    testResults?: unknown;
    verifiedBy?: unknown;
  };
}

/** A provider version put on a branch through the pacticipant's `pb:branch-version` link. */
export interface BranchVersion {
  readonly pacticipant: string;
  readonly branch: string;
  readonly version: string;
}

/** A version recorded as deployed to an environment. */
export interface Deployment {
  readonly pacticipant: string;
  readonly version: string;
  readonly environment: string;
}

/** The environments the stand-in knows (the broker's defaults are test and production; teams add staging). */
const ENVIRONMENTS = ['staging', 'production'] as const;

/** What the stand-in holds and how it answers. */
export interface BrokerStandInOptions {
  /** What `GET /matrix` (can-i-deploy) answers; default true. */
  readonly deployable?: boolean;
  /**
   * Pacts (Pact JSON with `consumer.name` and `provider.name`) the broker holds from the start;
   * `POST /contracts/publish` adds more.
   */
  readonly pacts?: readonly unknown[];
  /** When set, every request without `Authorization: Bearer <token>` gets 401, as a broker that requires a token. */
  readonly token?: string;
  /** Mark the pacts pending when the verifier asks for pending status (`includePendingStatus`). */
  readonly pending?: boolean;
}

interface StoredPact {
  readonly consumer: string;
  readonly provider: string;
  readonly consumerVersion: string;
  readonly sha: string;
  readonly content: Record<string, unknown>;
}

const enc = encodeURIComponent;

/**
 * A loopback stand-in for a Pact Broker that answers, in the shapes of the broker's published HAL API
 * (pact_broker's decorators and docs, and what pact_verifier's `pact_broker.rs` reads):
 * - for `pact-broker publish` and `can-i-deploy`: the index with `pb:publish-contracts`,
 *   `POST /contracts/publish` (the all-in-one publication endpoint) and `GET /matrix`;
 * - for Pact's Rust verifier: the index link `pb:provider-pacts-for-verification`, `GET` and `POST
 *   /pacts/provider/{provider}/for-verification` (the POST answers `_embedded.pacts`, each with
 *   `shortDescription`, `verificationProperties` and `_links.self`), `GET` of a pact by its pact
 *   version (the content with `_links` merged in, among them `pb:provider` and
 *   `pb:publish-verification-results`), `GET /pacticipants/{name}` with `pb:branch-version`, `PUT` of
 *   a branch version, and `POST …/verification-results` (201 with the verification resource).
 * It records every request, every published verification result and every branch version, so a test
 * can assert what the official CLI and the verifier sent.
 */
export async function startBrokerStandIn(options: BrokerStandInOptions = {}): Promise<{
  url: string;
  requests: BrokerRequest[];
  verifications: PublishedVerification[];
  branchVersions: BranchVersion[];
  deployments: Deployment[];
  close(): Promise<void>;
}> {
  const deployable = options.deployable ?? true;
  const requests: BrokerRequest[] = [];
  const verifications: PublishedVerification[] = [];
  const branchVersions: BranchVersion[] = [];
  const deployments: Deployment[] = [];
  const pacts = new Map<string, StoredPact>();
  const store = (content: unknown, consumerVersion: string) => {
    const pact = content as { consumer?: { name?: unknown }; provider?: { name?: unknown } };
    const consumer = pact.consumer?.name;
    const provider = pact.provider?.name;
    if (typeof consumer !== 'string' || typeof provider !== 'string')
      throw new Error(
        'the stand-in broker holds only pacts ' + 'with consumer.name and provider.name',
      );
    // The broker's pact version is the SHA-1 of the pact's content.
    const sha = createHash('sha1').update(JSON.stringify(content)).digest('hex');
    pacts.set(`${provider}\n${consumer}`, {
      consumer,
      provider,
      consumerVersion,
      sha,
      content: content as Record<string, unknown>,
    });
  };
  for (const pact of options.pacts ?? []) store(pact, 'stand-in-1');

  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const base = `http://${req.headers.host}`;
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res
          .writeHead(status, { 'content-type': 'application/hal+json;charset=utf-8', ...headers })
          .end(JSON.stringify(value));
      };
      if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
        // pact_verifier reads only the status of a 401 (it is neither retried nor parsed).
        return json(
          401,
          { error: 'Unauthorized' },
          { 'www-authenticate': 'Bearer realm="Pact Broker"' },
        );
      }
      const path = new URL(req.url ?? '/', base).pathname;
      const segments = path
        .split('/')
        .slice(1)
        .map((s) => decodeURIComponent(s));
      const pacticipantHref = (name: string) => `${base}/pacticipants/${enc(name)}`;
      const pactHref = (p: StoredPact) =>
        `${base}/pacts/provider/${enc(p.provider)}/consumer/${enc(p.consumer)}/pact-version/${p.sha}`;
      const pactName = (p: StoredPact) =>
        `Pact between ${p.consumer} (${p.consumerVersion}) and ${p.provider}`;

      if (req.method === 'GET' && path === '/') {
        return json(200, {
          _links: {
            self: { href: base, title: 'Index' },
            'pb:publish-contracts': {
              href: `${base}/contracts/publish`,
              title: 'Publish contracts',
              templated: false,
            },
            'pb:provider-pacts-for-verification': {
              href: `${base}/pacts/provider/{provider}/for-verification`,
              title: 'Pact versions to be verified for the ' + 'specified provider',
              templated: true,
            },
            'pb:pacticipant': {
              href: `${base}/pacticipants/{pacticipant}`,
              title: 'Fetch pacticipant by name',
              templated: true,
            },
            'pb:pacticipant-version': {
              href: `${base}/pacticipants/{pacticipant}/versions/{version}`,
              title: 'Get, create or delete a pacticipant version',
              templated: true,
            },
          },
        });
      }
      if (req.method === 'POST' && path === '/contracts/publish') {
        const payload = JSON.parse(body) as {
          pacticipantName: string;
          pacticipantVersionNumber: string;
          contracts: { consumerName: string; providerName: string; content: string }[];
        };
        const name = payload.pacticipantName;
        const version = payload.pacticipantVersionNumber;
        for (const contract of payload.contracts)
          store(JSON.parse(Buffer.from(contract.content, 'base64').toString('utf8')), version);
        const versionHref = `${base}/pacticipants/${name}/versions/${version}`;
        return json(200, {
          notices: payload.contracts.map((c) => ({
            type: 'success',
            text:
              `Pact published for ${c.consumerName} ` +
              `version ${version} and provider ${c.providerName}.`,
          })),
          logs: [],
          _embedded: {
            pacticipant: { name, _links: { self: { href: `${base}/pacticipants/${name}` } } },
            version: {
              number: version,
              _links: { self: { href: versionHref, name: version, title: 'Version' } },
            },
          },
          _links: {
            'pb:pacticipant': { href: `${base}/pacticipants/${name}`, name, title: 'Pacticipant' },
            'pb:pacticipant-version': {
              href: versionHref,
              name: version,
              title: 'Pacticipant version',
            },
            'pb:pacticipant-version-tags': [],
            'pb:contracts': payload.contracts.map((c) => ({
              href: `${base}/pacts/provider/${c.providerName}/consumer/${c.consumerName}/version/${version}`,
              name: `Pact between ${c.consumerName} ` + `(${version}) and ${c.providerName}`,
              title: 'Pact',
            })),
          },
        });
      }
      if (req.method === 'GET' && path === '/matrix') {
        const query = new URL(req.url ?? '', base).searchParams;
        const pacticipant = query.get('q[][pacticipant]') ?? '';
        const version = query.get('q[][version]') ?? '';
        return json(200, {
          summary: {
            deployable,
            reason: deployable
              ? 'All required verification results are ' + 'published and successful'
              : 'The verification for the pact between ' +
                'ocs-contact-processed and crm-receiver failed',
            success: deployable ? 1 : 0,
            failed: deployable ? 0 : 1,
            unknown: 0,
          },
          notices: [
            {
              type: deployable ? 'success' : 'error',
              text: deployable ? 'Computer says yes \\o/' : 'Computer says no ¯\\_(ツ)_/¯',
            },
          ],
          matrix: [
            {
              consumer: { name: pacticipant, version: { number: version } },
              provider: { name: 'crm-receiver', version: { number: 'r1' } },
              verificationResult: {
                success: deployable,
                _links: { self: { href: `${base}/verification-results/1` } },
              },
            },
          ],
        });
      }
      // /pacts/provider/{provider}/for-verification
      if (
        segments.length === 4 &&
        segments[0] === 'pacts' &&
        segments[1] === 'provider' &&
        segments[3] === 'for-verification'
      ) {
        const provider = segments[2]!;
        const held = [...pacts.values()].filter((p) => p.provider === provider);
        if (held.length === 0)
          return json(404, { error: `No provider with name '${provider}' found` });
        const self = {
          href: `${base}/pacts/provider/${enc(provider)}/for-verification`,
          title: 'Pacts to be verified',
        };
        if (req.method === 'GET') return json(200, { _links: { self } });
        if (req.method === 'POST') {
          const asked = JSON.parse(body || '{}') as { includePendingStatus?: boolean };
          const pending = options.pending === true && asked.includePendingStatus === true;
          return json(200, {
            _embedded: {
              pacts: held.map((p) => ({
                shortDescription: 'latest from main branch',
                verificationProperties: {
                  pending,
                  notices: [
                    {
                      when: 'before_verification',
                      text:
                        `The pact at ${pactHref(p)} is being ` +
                        `verified because the pact content belongs to the consumer version matching ` +
                        `the following criterion: latest version of ${p.consumer} from its main ` +
                        `branch (${p.consumerVersion})`,
                    },
                  ],
                },
                _links: { self: { href: pactHref(p), name: pactName(p) } },
              })),
            },
            _links: { self },
          });
        }
      }
      // /pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}[/verification-results]
      if (
        segments.length >= 7 &&
        segments[0] === 'pacts' &&
        segments[1] === 'provider' &&
        segments[3] === 'consumer' &&
        segments[5] === 'pact-version'
      ) {
        const pact = pacts.get(`${segments[2]}\n${segments[4]}`);
        if (pact === undefined || pact.sha !== segments[6])
          return json(404, { error: 'No pact found' });
        if (segments.length === 7 && req.method === 'GET') {
          return json(200, {
            ...pact.content,
            // The broker gives each interaction an `_id` (a SHA of its content); the verifier
            // reports per `_id` in testResults.
            ...(Array.isArray(pact.content.interactions)
              ? {
                  interactions: pact.content.interactions.map((i: unknown) => ({
                    _id: createHash('sha1').update(JSON.stringify(i)).digest('hex'),
                    ...(i as object),
                  })),
                }
              : {}),
            createdAt: new Date().toISOString(),
            _links: {
              self: { title: 'Pact', name: pactName(pact), href: pactHref(pact) },
              'pb:consumer': {
                title: 'Consumer',
                name: pact.consumer,
                href: pacticipantHref(pact.consumer),
              },
              'pb:consumer-version': {
                title: 'Consumer version',
                name: pact.consumerVersion,
                href: `${pacticipantHref(pact.consumer)}/versions/${enc(pact.consumerVersion)}`,
              },
              'pb:provider': {
                title: 'Provider',
                name: pact.provider,
                href: pacticipantHref(pact.provider),
              },
              'pb:publish-verification-results': {
                title: 'Publish verification results',
                href: `${pactHref(pact)}/verification-results`,
              },
            },
          });
        }
        if (
          segments.length === 8 &&
          segments[7] === 'verification-results' &&
          req.method === 'POST'
        ) {
          const result = JSON.parse(body) as PublishedVerification['result'];
          verifications.push({
            provider: pact.provider,
            consumer: pact.consumer,
            pactVersion: pact.sha,
            result,
          });
          const href = `${pactHref(pact)}/verification-results/${verifications.length}`;
          return json(
            201,
            {
              providerName: pact.provider,
              providerApplicationVersion: result.providerApplicationVersion,
              success: result.success,
              verificationDate: new Date().toISOString(),
              testResults: result.testResults,
              verifiedBy: result.verifiedBy,
              _links: {
                self: {
                  title: 'Verification result',
                  name: `Verification result ` + `${verifications.length} for ${pactName(pact)}`,
                  href,
                },
                'pb:pact-version': { title: 'Pact', name: pactName(pact), href: pactHref(pact) },
              },
            },
            { location: href },
          );
        }
      }
      // /pacticipants/{name} and /pacticipants/{name}/branches/{branch}/versions/{version}
      if (segments[0] === 'pacticipants' && segments.length === 2 && req.method === 'GET') {
        const name = segments[1]!;
        const self = pacticipantHref(name);
        return json(200, {
          name,
          displayName: name,
          _links: {
            self: { href: self },
            'pb:versions': { href: `${self}/versions` },
            'pb:version': {
              title: 'Get, create or delete a pacticipant version',
              href: `${self}/versions/{version}`,
              templated: true,
            },
            'pb:version-tag': {
              title: `Get, create or delete a tag for a version of ${name}`,
              href: `${self}/versions/{version}/tags/{tag}`,
              templated: true,
            },
            'pb:branch-version': {
              title: `Get or add/create a version for a branch of ${name}`,
              href: `${self}/branches/{branch}/versions/{version}`,
              templated: true,
            },
          },
        });
      }
      // /pacticipants/{name}/versions/{version}: its record-deployment links, one per environment.
      if (
        segments[0] === 'pacticipants' &&
        segments.length === 4 &&
        segments[2] === 'versions' &&
        req.method === 'GET'
      ) {
        const [, pacticipant, , version] = segments as [string, string, string, string];
        const self = `${pacticipantHref(pacticipant)}/versions/${enc(version)}`;
        return json(200, {
          number: version,
          _links: {
            self: { title: 'Version', name: version, href: self },
            'pb:record-deployment': ENVIRONMENTS.map((environment) => ({
              title: `Record deployment to ` + `${environment}`,
              name: environment,
              href: `${self}/deployed-versions/environment/${environment}-uuid`,
            })),
          },
        });
      }
      if (
        segments[0] === 'pacticipants' &&
        segments.length === 7 &&
        segments[4] === 'deployed-versions' &&
        req.method === 'POST'
      ) {
        const [, pacticipant, , version, , , environmentId] = segments as [
          string,
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        deployments.push({
          pacticipant,
          version,
          environment: environmentId.replace(/-uuid$/, ''),
        });
        return json(201, { currentlyDeployed: true, _links: { self: { href: `${base}${path}` } } });
      }
      if (
        segments[0] === 'pacticipants' &&
        segments.length === 6 &&
        segments[2] === 'branches' &&
        segments[4] === 'versions' &&
        req.method === 'PUT'
      ) {
        const [, pacticipant, , branch, , version] = segments as [
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        branchVersions.push({ pacticipant, branch, version });
        const self = pacticipantHref(pacticipant);
        return json(200, {
          _links: {
            self: {
              title: 'Branch version',
              href: `${self}/branches/${enc(branch)}/versions/${enc(version)}`,
            },
            'pb:branch': { title: 'Branch', name: branch, href: `${self}/branches/${enc(branch)}` },
            'pb:version': {
              title: 'Version',
              name: version,
              href: `${self}/versions/${enc(version)}`,
            },
          },
        });
      }
      return json(404, { error: `the stand-in broker does not serve ${req.method} ${req.url}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    verifications,
    branchVersions,
    deployments,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
