import { brokerJson, type BrokerAccess } from './brokerClient.js';
import { asText } from '../../util/asText.js';

/** The broker's answer to "can this version be deployed to that environment?". */
export interface DeployVerdict {
  readonly deployable: boolean;
  readonly reason: string;
}

/**
 * Asks the broker's matrix, as `pact-broker can-i-deploy` does (`GET /matrix` with `latestby=cvpv`, for an
 * environment): whether every pact the version takes part in has a
 * successful verification with what is in that environment.
 */
export async function canIDeploy(
  access: BrokerAccess,
  pacticipant: string,
  version: string,
  environment: string,
): Promise<DeployVerdict> {
  const query = new URLSearchParams({
    'q[][pacticipant]': pacticipant,
    'q[][version]': version,
    latestby: 'cvpv',
    environment,
  });
  const matrix = await brokerJson(access, 'GET', `/matrix?${query.toString()}`);
  const summary = (matrix.summary ?? {}) as { deployable?: unknown; reason?: unknown };
  return {
    deployable: summary.deployable === true,
    reason: asText(summary.reason ?? 'the broker gave no reason'),
  };
}
