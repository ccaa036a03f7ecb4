import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedPact } from '../loadPacts.js';
import { loadPactFile } from '../loadPacts.js';
import { BrokerError } from '../../errors/BrokerError.js';
import { brokerJson, expandLink, link, type BrokerAccess } from './brokerClient.js';

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

/**
 * The selectors Pact's documentation recommends: the consumer's main branch, the same branch, and
 * what is deployed or released.
 */
export const DEFAULT_CONSUMER_VERSION_SELECTORS: readonly Readonly<Record<string, unknown>>[] =
  Object.freeze([{ mainBranch: true }, { matchingBranch: true }, { deployedOrReleased: true }]);

/** One entry of the broker's "pacts for verification" answer. */
interface ListedPact {
  readonly verificationProperties?: { readonly pending?: boolean };
  readonly _links?: { readonly self?: { readonly href?: string } };
}

/** The broker's "pacts for verification" list, asked with selectors, pending and WIP as Pact's Verifier asks. */
async function listPactsForVerification(
  access: BrokerAccess,
  selection: PactSelection,
): Promise<ListedPact[]> {
  const index = await brokerJson(access, 'GET', access.url);
  const forVerification = expandLink(link(index, 'pb:provider-pacts-for-verification', 'index'), {
    provider: selection.provider,
  });
  const consumer = selection.consumer;
  const selectors = (selection.consumerVersionSelectors ?? DEFAULT_CONSUMER_VERSION_SELECTORS).map(
    (s) => (consumer !== undefined && s.consumer === undefined ? { ...s, consumer } : s),
  );
  try {
    const answer = await brokerJson(access, 'POST', forVerification, {
      consumerVersionSelectors: selectors,
      includePendingStatus: selection.enablePending === true,
      ...(selection.includeWipPactsSince !== undefined
        ? { includeWipPactsSince: selection.includeWipPactsSince }
        : {}),
      ...(selection.branch !== undefined ? { providerVersionBranch: selection.branch } : {}),
    });
    return ((answer._embedded as { pacts?: unknown[] } | undefined)?.pacts ?? []) as ListedPact[];
  } catch (error) {
    if (error instanceof BrokerError && /HTTP 404/.test(error.message))
      throw new BrokerError(`the Pact Broker holds no pact for provider ${selection.provider}`);
    throw error;
  }
}

/**
 * Asks the broker which pacts the provider must verify (its "pacts for verification" endpoint, with
 * selectors, pending and WIP as Pact's Verifier sends them), downloads each to a local file, and
 * returns them with their pending flag and the link their verification result is published to.
 * The files are written in `dir`, which the caller removes when the verification is over.
 */
export async function fetchPactsForVerification(
  access: BrokerAccess,
  selection: PactSelection,
  dir: string,
): Promise<LoadedPact[]> {
  const { consumer } = selection;
  const pacts: LoadedPact[] = [];
  for (const [i, entry] of (await listPactsForVerification(access, selection)).entries()) {
    const href = entry._links?.self?.href;
    if (href === undefined) continue;
    const content = await brokerJson(access, 'GET', href);
    const publishUrl = link(content, 'pb:publish-verification-results', `pact ${href}`);
    const { _links: _ignored, ...pact } = content;
    if (
      consumer !== undefined &&
      (pact.consumer as { name?: unknown } | undefined)?.name !== consumer
    )
      continue;
    const file = join(dir, `pact-${i + 1}.json`);
    await writeFile(file, JSON.stringify(pact));
    const pending = entry.verificationProperties?.pending === true;
    pacts.push(await loadPactFile(file, { pending, publishUrl }));
  }
  if (pacts.length === 0)
    throw new BrokerError(
      `the Pact Broker holds no pact for provider ` +
        `${selection.provider}${consumer !== undefined ? ` from consumer ${consumer}` : ''} ` +
        `matching the consumer version selectors`,
    );
  return pacts;
}
