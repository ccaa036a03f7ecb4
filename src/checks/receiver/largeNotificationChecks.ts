import { assumptions } from '../../assumptions.js';
import { describeExchange, is2xx, type OutgoingRequest } from './Exchange.js';
import { largeNotification } from './largeNotification.js';
import type { ReceiverCheck } from './ReceiverCheck.js';

/** The length of the user-defined fields of the ordinary large notification: a CRM's usual varchar(255). */
const LARGE_VALUE_LENGTH = 255;
/** The length of the user-defined fields of the largest notification: notes of 1,000 characters. */
const LARGEST_VALUE_LENGTH = 1000;

/** The smallest `largestNotificationBytes`: every field and a user-defined field fit, with room. */
export const SMALLEST_LARGEST_NOTIFICATION = 2048;

const thousands = (n: number) => n.toLocaleString('en-US');

/** A size in words: `16 KiB` for a whole number of KiB, `50,000 bytes` otherwise. */
export function sizeName(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${thousands(bytes)} bytes`;
}

/** A size with its bytes when it is named in KiB: `64 KiB (65,536 bytes)`. */
const exactSize = (bytes: number) =>
  bytes % 1024 === 0 ? `${sizeName(bytes)} (${thousands(bytes)} bytes)` : sizeName(bytes);

type AsOcs = (body: string, etag: string) => OutgoingRequest;

/** The check that a valid notification of `bytes` bytes is acknowledged; 413 is named as a body limit. */
function acceptsSize(
  id: string,
  bytes: number,
  valueLength: number,
  role: string,
  asOcs: AsOcs,
): ReceiverCheck {
  const large = largeNotification(bytes, valueLength);
  const made = `every field and ${large.userFields} user-defined fields of up to ${thousands(valueLength)} characters`;
  const size = sizeName(bytes);
  return {
    id,
    title:
      role === ''
        ? `a valid notification of ${size} (${made}) is accepted`
        : `a valid notification of ${size}${role} (${made}), is accepted`,
    validMessages: true,
    requests: [
      {
        label: `a valid notification of ${size} (${large.userFields} user-defined fields)`,
        request: asOcs(large.body, large.message.GSW_MESSAGE_GUID),
      },
    ],
    judge(exchanges, context) {
      const answer = exchanges[0]!;
      const got = describeExchange(answer, context.timeoutSeconds);
      if (is2xx(answer)) return { ok: true, summary: `acknowledged (${got})` };
      const limit =
        answer.status === 413
          ? `: a body limit under ${exactSize(bytes)}, in the receiver or in front of it (a ` +
            'proxy, a WAF), loses every notification this large'
          : '';
      return {
        ok: false,
        summary:
          'expected a 2xx (the message is valid: OCS sends one this large when many ' +
          `user-defined fields changed); got ${got}${limit}`,
      };
    },
  };
}

/**
 * The checks that valid notifications as large as OCS sends are acknowledged: one of 16 KiB (an
 * ordinary large one: some fifty user-defined fields of 255 characters), when the largest is larger,
 * and one of the largest size OCS is assumed to send (`largestNotificationBytes`, 64 KiB unless
 * given: notes of 1,000 characters). Never larger than that, so a receiver on the usual body limits
 * (Express's 100 kB, nginx's 1 MB) passes.
 */
export function largeNotificationChecks(
  asOcs: AsOcs,
  largestNotificationBytes?: number,
): ReceiverCheck[] {
  const largest = largestNotificationBytes ?? assumptions.largestNotificationBytes;
  const role =
    largestNotificationBytes === undefined
      ? ', the largest OCS is assumed to send'
      : ', the largest your OCS sends (as given)';
  const large = assumptions.largeNotificationBytes;
  return [
    ...(largest > large
      ? [acceptsSize('accepts-large-notification', large, LARGE_VALUE_LENGTH, '', asOcs)]
      : []),
    acceptsSize('accepts-largest-notification', largest, LARGEST_VALUE_LENGTH, role, asOcs),
  ];
}
