import { BrokerError } from '../../errors/BrokerError.js';
import { request } from 'undici';

/** Where the broker is and how to authenticate (a token, or a user name and password). */
export interface BrokerAccess {
  readonly url: string;
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
}

function authorization(access: BrokerAccess): Record<string, string> {
  if (access.token !== undefined) return { authorization: `Bearer ${access.token}` };
  if (access.username !== undefined)
    return {
      authorization: `Basic ${Buffer.from(`${access.username}:${access.password ?? ''}`).toString('base64')}`,
    };
  return {};
}

/** Fills a HAL link template: `{provider}` and the like. */
export function expandLink(href: string, values: Readonly<Record<string, string>>): string {
  return href.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

/**
 * One JSON request to the broker's HAL API. Throws a {@link BrokerError} that says what failed:
 * refused credentials, no such resource, an unreachable broker.
 */
export async function brokerJson(
  access: BrokerAccess,
  method: 'GET' | 'POST' | 'PUT',
  href: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const url = new URL(href, access.url).href;
  let response;
  try {
    response = await request(url, {
      method,
      headers: {
        accept: 'application/hal+json, application/json',
        ...authorization(access),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
  } catch (error) {
    throw new BrokerError(
      `cannot reach the Pact Broker at ${access.url}: ${(error as Error).message}`,
    );
  }
  const text = await response.body.text();
  if (response.statusCode === 401 || response.statusCode === 403) {
    throw new BrokerError(
      `the Pact Broker refused the credentials (HTTP ${response.statusCode} for ${method} ` +
        `${url}): set PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD`,
    );
  }
  if (response.statusCode < 200 || response.statusCode >= 300)
    throw new BrokerError(
      `the Pact Broker answered HTTP ${response.statusCode} to ${method} ${url}: ${text.slice(0, 200)}`,
    );
  try {
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    throw new BrokerError(`the Pact Broker's answer to ${method} ${url} is not JSON`);
  }
}

/** A link of a HAL resource, or a {@link BrokerError} naming the missing relation. */
export function link(resource: Record<string, unknown>, relation: string, where: string): string {
  const href = (resource._links as Record<string, { href?: unknown }> | undefined)?.[relation]
    ?.href;
  if (typeof href !== 'string')
    throw new BrokerError(`the Pact Broker's ${where} has no ${relation} link`);
  return href;
}
