import { brokerJson, link, type BrokerAccess } from './brokerClient.js';
import { asText } from '../../util/asText.js';

/** The version a contract is published under: the consumer's version (a commit), and its branch. */
export interface ContractVersion {
  readonly version: string;
  readonly branch?: string;
  readonly buildUrl?: string;
}

/**
 * Publishes pacts with the broker's documented all-in-one publication endpoint (`pb:publish-contracts`,
 * `POST /contracts/publish`, the one `pact-broker publish` uses): the consumer version, its branch, and
 * each pact's content. Returns the broker's notices.
 */
export async function publishContracts(
  access: BrokerAccess,
  pacticipant: string,
  version: ContractVersion,
  pacts: readonly { consumer: { name: string }; provider: { name: string } }[],
): Promise<string[]> {
  const index = await brokerJson(access, 'GET', access.url);
  const answer = await brokerJson(access, 'POST', link(index, 'pb:publish-contracts', 'index'), {
    pacticipantName: pacticipant,
    pacticipantVersionNumber: version.version,
    ...(version.branch !== undefined ? { branch: version.branch } : {}),
    ...(version.buildUrl !== undefined ? { buildUrl: version.buildUrl } : {}),
    contracts: pacts.map((pact) => ({
      consumerName: pact.consumer.name,
      providerName: pact.provider.name,
      specification: 'pact',
      contentType: 'application/json',
      content: Buffer.from(JSON.stringify(pact)).toString('base64'),
    })),
  });
  return ((answer.notices ?? []) as { text?: unknown }[]).map((n) => asText(n.text ?? ''));
}
