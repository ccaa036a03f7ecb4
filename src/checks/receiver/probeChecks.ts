import { randomUUID } from 'node:crypto';
import type { ContactProcessed } from '../../message/ContactProcessed.generated.js';
import { fixtures } from '../../message/fixtures.js';
import { freshContactProcessed } from '../../message/freshContactProcessed.js';
import { assumptions } from '../../assumptions.js';
import {
  describeExchange,
  is2xx,
  is3xx,
  isRateLimited,
  type Exchange,
  type OutgoingRequest,
} from './Exchange.js';
import { largeNotificationChecks } from './largeNotificationChecks.js';
import type { JudgeContext, ReceiverCheck, Verdict } from './ReceiverCheck.js';

/** A request as OCS sends it: its headers, the static ones given to the check, the JSON body. */
export function asOcs(
  staticHeaders: Readonly<Record<string, string>>,
  body: string,
  etag: string,
): OutgoingRequest {
  return {
    method: 'POST',
    headers: {
      accept: '*/*',
      'user-agent': assumptions.userAgent,
      ...staticHeaders,
      etag,
      'content-type': 'application/json',
    },
    body,
  };
}

const notification = (staticHeaders: Readonly<Record<string, string>>, message: ContactProcessed) =>
  asOcs(staticHeaders, JSON.stringify(message), message.GSW_MESSAGE_GUID);

/** A fresh copy of a fixture (new GSW_MESSAGE_GUID and GSW_CALL_ATTEMPT_GUID), so reruns are never duplicates. */
const freshFrom = (name: keyof typeof fixtures) =>
  freshContactProcessed({
    ...fixtures[name].message,
    GSW_MESSAGE_GUID: randomUUID(),
    GSW_CALL_ATTEMPT_GUID: randomUUID(),
  });

/** Acknowledged: a 2xx. */
function acknowledges(
  exchanges: readonly Exchange[],
  context: JudgeContext,
  expected: string,
): Verdict {
  const answer = exchanges[0]!;
  return is2xx(answer)
    ? { ok: true, summary: `acknowledged (${describeExchange(answer, context.timeoutSeconds)})` }
    : {
        ok: false,
        summary: `expected a 2xx (${expected}); got ${describeExchange(answer, context.timeoutSeconds)}`,
      };
}

/**
 * Refused: an answer that is neither 2xx (OCS would drop the data) nor 3xx, nor 429 (a rate limit
 * says nothing about the body).
 */
function refuses(exchanges: readonly Exchange[], context: JudgeContext): Verdict {
  const answer = exchanges[0]!;
  const got = describeExchange(answer, context.timeoutSeconds);
  if (isRateLimited(answer))
    return { ok: false, summary: `expected a 4xx refusing the body; got ${got}, a rate limit` };
  if (answer.status !== undefined && !is2xx(answer) && !is3xx(answer))
    return { ok: true, summary: `refused (${got})` };
  if (is2xx(answer))
    return {
      ok: false,
      summary:
        `expected a 4xx; got ${got}: OCS never resends an acknowledged notification, so ` +
        `this data would be lost silently`,
    };
  return { ok: false, summary: `expected a 4xx; got ${got}` };
}

type Headers = Readonly<Record<string, string>>;

/** A check that a valid message (a fresh copy of a fixture, maybe changed) is acknowledged. */
function accepts(id: string, title: string, label: string, message: ContactProcessed, why: string) {
  return (headers: Headers): ReceiverCheck => ({
    id,
    title,
    validMessages: true,
    requests: [{ label, request: notification(headers, message) }],
    judge: (exchanges, context) => acknowledges(exchanges, context, why),
  });
}

/** A check that a bad body is refused (not acknowledged, not redirected). */
function rejects(id: string, title: string, label: string, body: string, etag: string) {
  return (headers: Headers): ReceiverCheck => ({
    id,
    title,
    requests: [{ label, request: asOcs(headers, body, etag) }],
    judge: refuses,
  });
}

/** A retry: the same GUID and bytes twice, both acknowledged. */
function duplicateAcknowledged(headers: Headers): ReceiverCheck {
  const duplicate = freshContactProcessed();
  return {
    id: 'duplicate-acknowledged',
    title: 'a retried notification (same GUID, same bytes) is acknowledged both times',
    validMessages: true,
    rule: 'receiver-duplicates',
    requests: [
      {
        label: 'a retried notification: first delivery',
        request: notification(headers, duplicate),
      },
      {
        label: 'a retried notification: second delivery (the same bytes)',
        request: notification(headers, duplicate),
      },
    ],
    judge(exchanges, context) {
      if (exchanges.every(is2xx)) return { ok: true, summary: 'both deliveries got 2xx' };
      const got = exchanges.map((e) => describeExchange(e, context.timeoutSeconds)).join(' then ');
      return {
        ok: false,
        summary: `expected 2xx twice (OCS retries with the same GUID and bytes); got ${got}`,
      };
    },
  };
}

/**
 * The checks Pact cannot express, one table entry each (fresh GUIDs every run, so reruns are never
 * duplicates). `largestNotificationBytes`: the largest notification OCS sends, when not the assumed
 * one.
 */
export function probeChecks(headers: Headers, largestNotificationBytes?: number): ReceiverCheck[] {
  const missing = randomUUID();
  const table = [
    duplicateAcknowledged,
    accepts(
      'accepts-unknown-user-fields',
      'unknown user-defined fields are accepted',
      'user-defined fields it has never seen',
      { ...freshFrom('user-fields'), Unexpected_Field_From_A_New_List: 'accept me' },
      'the message is valid',
    ),
    accepts(
      'accepts-vendor-enum-values',
      'enumeration values past the known tables are accepted',
      'call result and optimization values past the known tables',
      freshFrom('vendor-enum'),
      'the message is valid; vendors extend these tables',
    ),
    accepts(
      'accepts-unknown-gsw-fields',
      'a GSW_ field from a newer OCS release is accepted',
      'a GSW_ field from a newer OCS release',
      freshFrom('newer-release'),
      'the message is valid; newer OCS releases add fields',
    ),
    (h: Headers) =>
      largeNotificationChecks((body, etag) => asOcs(h, body, etag), largestNotificationBytes),
    rejects(
      'rejects-unparseable-body',
      'a body that is not JSON is not acknowledged',
      'a body that is not JSON',
      '{"GSW_MESSAGE":"ContactProcessed", this is not JSON',
      randomUUID(),
    ),
    rejects(
      'rejects-missing-mandatory',
      'a message missing mandatory fields is not acknowledged',
      'a message with 20 mandatory fields missing',
      JSON.stringify({ GSW_MESSAGE: 'ContactProcessed', GSW_MESSAGE_GUID: missing }),
      missing,
    ),
  ];
  return table.flatMap((check) => check(headers));
}
