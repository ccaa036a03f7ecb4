import {
  validateNotificationRequest,
  type NotificationRequestResult,
} from '../../message/validateNotificationRequest.js';
import type { ProxyExchange } from './ProxyExchange.js';

const parsed = new WeakMap<ProxyExchange, Record<string, unknown> | undefined>();
const validated = new WeakMap<ProxyExchange, NotificationRequestResult>();

/**
 * The request's body as a JSON object (undefined when it is not one), parsed once per exchange: the
 * validation's parse when the body is a valid message.
 */
export function bodyOf(exchange: ProxyExchange): Record<string, unknown> | undefined {
  if (parsed.has(exchange)) return parsed.get(exchange);
  const { message } = validationOf(exchange);
  if (message !== undefined) {
    parsed.set(exchange, message);
    return parsed.get(exchange);
  }
  let value: unknown;
  try {
    value = JSON.parse(exchange.body.toString('utf8'));
  } catch {
    value = undefined;
  }
  const body =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  parsed.set(exchange, body);
  return body;
}

/** The request validated as a notification (envelope and body), once per exchange. */
export function validationOf(exchange: ProxyExchange): NotificationRequestResult {
  let result = validated.get(exchange);
  if (result === undefined) {
    const { method, headers, body } = exchange;
    result = validateNotificationRequest({ method, headers, body });
    validated.set(exchange, result);
  }
  return result;
}

/** The notification's GUID: the body's GSW_MESSAGE_GUID, or the ETag when the body has none. */
export function guidOf(exchange: ProxyExchange): string | undefined {
  const guid = bodyOf(exchange)?.GSW_MESSAGE_GUID;
  return typeof guid === 'string' ? guid : exchange.headers.etag;
}
