import type { BrokerAccess } from '../pact/broker/brokerClient.js';
import { UsageError } from '../errors/UsageError.js';

/** The broker options every broker command declares: its URL (or PACT_BROKER_BASE_URL). */
export interface BrokerFlags {
  readonly brokerUrl?: string;
}

/**
 * The broker and its credentials: `--broker-url` (or `PACT_BROKER_BASE_URL` for the commands that only
 * talk to a broker), a token from `PACT_BROKER_TOKEN`, or `PACT_BROKER_USERNAME` and `PACT_BROKER_PASSWORD`.
 */
export function brokerAccess(
  url: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): BrokerAccess {
  if (url === undefined || url === '')
    throw new UsageError(
      '--broker-url: expected the Pact Broker URL (or PACT_BROKER_BASE_URL in the environment)',
    );
  if (!/^https?:\/\/[^\s/]/.test(url) || !URL.canParse(url))
    throw new UsageError(
      `--broker-url: expected an http:// or https:// URL, found ${JSON.stringify(url)}`,
    );
  return {
    url,
    ...(env.PACT_BROKER_TOKEN ? { token: env.PACT_BROKER_TOKEN } : {}),
    ...(env.PACT_BROKER_USERNAME ? { username: env.PACT_BROKER_USERNAME } : {}),
    ...(env.PACT_BROKER_PASSWORD ? { password: env.PACT_BROKER_PASSWORD } : {}),
  };
}
