import { BrokerError } from '../../errors/BrokerError.js';
import { brokerJson, expandLink, link, type BrokerAccess } from './brokerClient.js';

/**
 * Records that a pacticipant version is deployed to an environment, through the version's
 * `pb:record-deployment` link for that environment (what `pact-broker record-deployment` does), so
 * that `deployedOrReleased` selectors and can-i-deploy know what runs there.
 */
export async function recordDeployment(
  access: BrokerAccess,
  pacticipant: string,
  version: string,
  environment: string,
): Promise<void> {
  const index = await brokerJson(access, 'GET', access.url);
  const versionHref = expandLink(link(index, 'pb:pacticipant-version', 'index'), {
    pacticipant,
    version,
  });
  const resource = await brokerJson(access, 'GET', versionHref);
  const links = ((resource._links as Record<string, unknown> | undefined)?.[
    'pb:record-deployment'
  ] ?? []) as { name?: string; href?: string }[];
  const target = links.find((l) => l.name === environment);
  if (target?.href === undefined) {
    throw new BrokerError(
      `the Pact Broker knows no environment ${JSON.stringify(environment)} for ${pacticipant} ` +
        `${version}; known: ${links.map((l) => l.name).join(', ') || 'none'}`,
    );
  }
  await brokerJson(access, 'POST', target.href, {});
}
