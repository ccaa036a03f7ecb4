import { randomUUID } from 'node:crypto';
import type { ContactProcessed } from '../../message/ContactProcessed.generated.js';
import { fixtures } from '../../message/fixtures.js';
import { freshContactProcessed } from '../../message/freshContactProcessed.js';
import { assumptions } from '../../assumptions.js';
import { describeExchange, is2xx, is3xx, type Exchange, type OutgoingRequest } from './Exchange.js';
import type { JudgeContext, ReceiverCheck, Verdict } from './ReceiverCheck.js';

/** A request as OCS sends it: its headers, the static ones given to the check, the JSON body. */
export function asOcs(staticHeaders: Readonly<Record<string, string>>, body: string, etag: string): OutgoingRequest {
  return { method: 'POST', headers: { accept: '*/*', 'user-agent': assumptions.userAgent, ...staticHeaders, etag, 'content-type': 'application/json' }, body };
}

const notification = (staticHeaders: Readonly<Record<string, string>>, message: ContactProcessed) => asOcs(staticHeaders, JSON.stringify(message), message.GSW_MESSAGE_GUID);

/** A fresh copy of a fixture (new GSW_MESSAGE_GUID and GSW_CALL_ATTEMPT_GUID), so reruns are never duplicates. */
const freshFrom = (name: keyof typeof fixtures) => freshContactProcessed({ ...fixtures[name].message, GSW_MESSAGE_GUID: randomUUID(), GSW_CALL_ATTEMPT_GUID: randomUUID() });

/** Acknowledged: a 2xx. */
function acknowledges(exchanges: readonly Exchange[], context: JudgeContext, expected: string): Verdict {
  const answer = exchanges[0]!;
  return is2xx(answer)
    ? { ok: true, summary: `acknowledged (${describeExchange(answer, context.timeoutSeconds)})` }
    : { ok: false, summary: `expected a 2xx (${expected}); got ${describeExchange(answer, context.timeoutSeconds)}` };
}

/** Refused: an answer that is neither 2xx (OCS would drop the data) nor 3xx. */
function refuses(exchanges: readonly Exchange[], context: JudgeContext): Verdict {
  const answer = exchanges[0]!;
  const got = describeExchange(answer, context.timeoutSeconds);
  if (answer.status !== undefined && !is2xx(answer) && !is3xx(answer)) return { ok: true, summary: `refused (${got})` };
  if (is2xx(answer)) return { ok: false, summary: `expected a 4xx; got ${got}: OCS never resends an acknowledged notification, so this data would be lost silently` };
  return { ok: false, summary: `expected a 4xx; got ${got}` };
}

/** The checks Pact cannot express, as table entries. */
export function probeChecks(staticHeaders: Readonly<Record<string, string>>): ReceiverCheck[] {
  const duplicate = freshContactProcessed();
  const missing = randomUUID();
  return [
    {
      id: 'duplicate-acknowledged',
      title: 'a retried notification (same GUID, same bytes) is acknowledged both times',
      validMessages: true,
      requests: [
        { label: 'first delivery', request: notification(staticHeaders, duplicate) },
        { label: 'second delivery (the same bytes)', request: notification(staticHeaders, duplicate) },
      ],
      judge(exchanges, context) {
        if (exchanges.every(is2xx)) return { ok: true, summary: 'both deliveries got 2xx' };
        return { ok: false, summary: `expected 2xx twice (OCS retries with the same GUID and bytes); got ${exchanges.map((e) => describeExchange(e, context.timeoutSeconds)).join(' then ')}` };
      },
    },
    {
      id: 'accepts-unknown-user-fields',
      title: 'unknown user-defined fields are accepted',
      validMessages: true,
      requests: [{ label: 'user-defined fields it has never seen', request: notification(staticHeaders, { ...freshFrom('user-fields'), Unexpected_Field_From_A_New_List: 'accept me' }) }],
      judge: (exchanges, context) => acknowledges(exchanges, context, 'the message is valid'),
    },
    {
      id: 'accepts-vendor-enum-values',
      title: 'enumeration values past the known tables are accepted',
      validMessages: true,
      requests: [{ label: 'call result and optimization values past the known tables', request: notification(staticHeaders, freshFrom('vendor-enum')) }],
      judge: (exchanges, context) => acknowledges(exchanges, context, 'the message is valid; vendors extend these tables'),
    },
    {
      id: 'accepts-unknown-gsw-fields',
      title: 'a GSW_ field from a newer OCS release is accepted',
      validMessages: true,
      requests: [{ label: 'a GSW_ field from a newer OCS release', request: notification(staticHeaders, freshFrom('newer-release')) }],
      judge: (exchanges, context) => acknowledges(exchanges, context, 'the message is valid; newer OCS releases add fields'),
    },
    {
      id: 'rejects-unparseable-body',
      title: 'a body that is not JSON is not acknowledged',
      requests: [{ label: 'a body that is not JSON', request: asOcs(staticHeaders, '{"GSW_MESSAGE":"ContactProcessed", this is not JSON', randomUUID()) }],
      judge: refuses,
    },
    {
      id: 'rejects-missing-mandatory',
      title: 'a message missing mandatory fields is not acknowledged',
      requests: [{ label: 'a message with 20 mandatory fields missing', request: asOcs(staticHeaders, JSON.stringify({ GSW_MESSAGE: 'ContactProcessed', GSW_MESSAGE_GUID: missing }), missing) }],
      judge: refuses,
    },
  ];
}
