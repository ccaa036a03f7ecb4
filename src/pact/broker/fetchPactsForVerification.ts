import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedPact } from '../loadPacts.js';
import { loadPactFile } from '../loadPacts.js';
import { BrokerError, brokerJson, expandLink, link, type BrokerAccess } from './brokerClient.js';

/** Which pacts to verify, as Pact's Verifier takes them. */
export interface PactSelection {
  readonly provider: string;
  /** Only pacts whose consumer has this name (other consumers of the provider call other endpoints). */
  readonly consumer?: string;
  /** Consumer version selectors; default {@link DEFAULT_CONSUMER_VERSION_SELECTORS}. */
  readonly consumerVersionSelectors?: readonly Readonly<Record<string, unknown>>[];
  /** Ask for pending pacts (their failures are reported but do not fail the check). */
  readonly enablePending?: boolean;
  /** Include work-in-progress pacts published since this date (YYYY-MM-DD). */
  readonly includeWipPactsSince?: string;
  /** The provider's branch, which pending and WIP pacts are computed for. */
  readonly branch?: string;
}

/** The selectors Pact's documentation recommends: the consumer's main branch, the same branch, and what is deployed or released. */
export const DEFAULT_CONSUMER_VERSION_SELECTORS: readonly Readonly<Record<string, unknown>>[] = Object.freeze([{ mainBranch: true }, { matchingBranch: true }, { deployedOrReleased: true }]);

/**
 * Asks the broker which pacts the provider must verify (its "pacts for verification" endpoint, with
 * selectors, pending and WIP as Pact's Verifier sends them), downloads each to a local file, and
 * returns them with their pending flag and the link their verification result is published to.
 */
export async function fetchPactsForVerification(access: BrokerAccess, selection: PactSelection): Promise<LoadedPact[]> {
  const index = await brokerJson(access, 'GET', access.url);
  const forVerification = expandLink(link(index, 'pb:provider-pacts-for-verification', 'index'), { provider: selection.provider });
  const consumer = selection.consumer;
  const selectors = (selection.consumerVersionSelectors ?? DEFAULT_CONSUMER_VERSION_SELECTORS).map((s) => (consumer !== undefined && s.consumer === undefined ? { ...s, consumer } : s));
  let answer: Record<string, unknown>;
  try {
    answer = await brokerJson(access, 'POST', forVerification, {
      consumerVersionSelectors: selectors,
      includePendingStatus: selection.enablePending === true,
      ...(selection.includeWipPactsSince !== undefined ? { includeWipPactsSince: selection.includeWipPactsSince } : {}),
      ...(selection.branch !== undefined ? { providerVersionBranch: selection.branch } : {}),
    });
  } catch (error) {
    if (error instanceof BrokerError && /HTTP 404/.test(error.message)) throw new BrokerError(`the Pact Broker holds no pact for provider ${selection.provider}`);
    throw error;
  }
  const listed = ((answer._embedded as { pacts?: unknown[] } | undefined)?.pacts ?? []) as { verificationProperties?: { pending?: boolean }; _links?: { self?: { href?: string } } }[];
  const dir = await mkdtemp(join(tmpdir(), 'cpn-kit-broker-pacts-'));
  const pacts: LoadedPact[] = [];
  for (const [i, entry] of listed.entries()) {
    const href = entry._links?.self?.href;
    if (href === undefined) continue;
    const content = await brokerJson(access, 'GET', href);
    const publishUrl = link(content, 'pb:publish-verification-results', `pact ${href}`);
    const { _links: _ignored, ...pact } = content;
    if (consumer !== undefined && (pact.consumer as { name?: unknown } | undefined)?.name !== consumer) continue;
    const file = join(dir, `pact-${i + 1}.json`);
    await writeFile(file, JSON.stringify(pact));
    pacts.push(await loadPactFile(file, { pending: entry.verificationProperties?.pending === true, publishUrl }));
  }
  if (pacts.length === 0) throw new BrokerError(`the Pact Broker holds no pact for provider ${selection.provider}${consumer !== undefined ? ` from consumer ${consumer}` : ''} matching the consumer version selectors`);
  return pacts;
}
