import { SecretMask } from '../../http/SecretMask.js';
import type { BrokerAccess } from '../../pact/broker/brokerClient.js';

/**
 * What check-receiver keeps out of its report and of what it publishes: the values of the static
 * headers it sends (`--header`, usually a token) and the Pact Broker's token and password, wherever
 * they appear (an answer that echoes them, a summary quoting it), and the password and secret query
 * values of the receiver's URL (a URL that does not parse adds nothing: it is refused before
 * anything is sent).
 */
export function secretMask(
  url: string,
  headers: Readonly<Record<string, string>>,
  broker?: Pick<BrokerAccess, 'token' | 'password'>,
): SecretMask {
  const brokerSecrets = [broker?.token, broker?.password].filter((v) => v !== undefined);
  const mask = new SecretMask({
    headers: Object.keys(headers),
    values: [...Object.values(headers), ...brokerSecrets],
  });
  if (URL.canParse(url)) mask.addUrl(new URL(url));
  return mask;
}
