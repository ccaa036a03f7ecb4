import { sameJson } from '../util/sameJson.js';

/** One attempt of a notification as the rule "a retry is the same notification" reads it. */
export interface NotificationCopy {
  /** The body parsed as a JSON object; undefined when it is not one. */
  readonly message: Readonly<Record<string, unknown>> | undefined;
  /** The ETag header; undefined when there is none. */
  readonly etag: string | undefined;
  readonly body: Uint8Array;
}

/** One way the retries differ from the first attempt, and the attempts (from 1) that differ. */
export interface RetryChange {
  readonly text: string;
  readonly attempts: readonly number[];
}

/** The attempts (from 1) whose `value` differs from the first's, and the values in the order met. */
function changesOf(copies: readonly NotificationCopy[], value: (c: NotificationCopy) => unknown) {
  const first = value(copies[0]!);
  const attempts = copies.flatMap((c, i) => (i > 0 && value(c) !== first ? [i + 1] : []));
  const values = [
    ...new Set(
      copies
        .map(value)
        .filter((v) => v !== undefined)
        .map(String),
    ),
  ];
  return { attempts, values };
}

/** The body fields other than GUID and timestamp that some retry changed. */
function changedFields(copies: readonly NotificationCopy[]): RetryChange | undefined {
  const first = copies[0]!.message;
  const fields = new Set<string>();
  const attempts: number[] = [];
  copies.forEach((copy, i) => {
    const body = copy.message;
    if (i === 0 || first === undefined || body === undefined) return;
    let differs = false;
    for (const key of new Set([...Object.keys(first), ...Object.keys(body)]))
      if (
        key !== 'GSW_MESSAGE_GUID' &&
        key !== 'GSW_TIMESTAMP' &&
        !sameJson(first[key], body[key])
      ) {
        fields.add(key);
        differs = true;
      }
    if (differs) attempts.push(i + 1);
  });
  return fields.size === 0
    ? undefined
    : {
        text: `the body changed on retry in ${[...fields].join(', ')}; a retry must resend the same message`,
        attempts,
      };
}

/**
 * The rule "a retry is the very same notification", written once for every check: what changed from
 * the first attempt to its retries (GSW_MESSAGE_GUID, the ETag, GSW_TIMESTAMP, any other field of the
 * body; else the bytes, e.g. the message serialised anew), one line each in that order; none when
 * every retry resent it unchanged.
 */
export function retryChanges(copies: readonly NotificationCopy[]): RetryChange[] {
  if (copies.length < 2) return [];
  const out: RetryChange[] = [];
  const keep = (what: string, value: (c: NotificationCopy) => unknown) => {
    const { attempts, values } = changesOf(copies, value);
    if (values.length > 1)
      out.push({
        text: `${what} changed on retry (${values.join(' → ')}); a retry must keep it`,
        attempts,
      });
  };
  keep('GSW_MESSAGE_GUID', (c) => c.message?.GSW_MESSAGE_GUID);
  keep('the ETag header', (c) => c.etag ?? '(none)');
  keep('GSW_TIMESTAMP', (c) => c.message?.GSW_TIMESTAMP);
  const fields = changedFields(copies);
  if (fields !== undefined) out.push(fields);
  if (out.length > 0) return out;
  const first = Buffer.from(copies[0]!.body);
  const rewritten = copies.flatMap((c, i) => (i > 0 && !first.equals(c.body) ? [i + 1] : []));
  if (rewritten.length > 0)
    out.push({
      text: 'the body bytes changed on retry, though no field did; a retry resends the very same bytes',
      attempts: rewritten,
    });
  return out;
}
