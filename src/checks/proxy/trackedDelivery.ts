import type { Delivery } from '../../ocs/Delivery.js';
import { describeAttempt, senderCondition, statusSeen } from './attemptFacts.js';
import { bodyOf } from './exchangeFacts.js';
import type { TrackedNotification } from './TrackedNotification.js';

/**
 * A tracked notification as the delivery model the shared sender rules judge: each attempt as the
 * sender sent it, acknowledged when the sender was given a 2xx, and each redirect it followed (the
 * request for the Location, whose User-Agent may name the client's own following). The proxy cannot
 * know what the sender concluded.
 */
export function trackedDelivery(notification: TrackedNotification): Delivery {
  return {
    attempts: notification.attempts.map((exchange) => ({
      method: exchange.method,
      headers: exchange.headers,
      body: exchange.body,
      message: bodyOf(exchange),
      acknowledged: statusSeen(exchange) !== undefined && senderCondition(exchange) === undefined,
      describe: () => describeAttempt(exchange),
    })),
    followed: notification.followed.map(({ exchange, location }) => ({
      method: exchange.method,
      url: location,
      ...(exchange.headers['user-agent'] !== undefined
        ? { userAgent: exchange.headers['user-agent'] }
        : {}),
    })),
  };
}
