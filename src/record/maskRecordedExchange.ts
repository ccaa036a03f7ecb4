import type { SecretMask } from '../http/SecretMask.js';
import type { RecordedExchange, RecordedMessage } from './RecordedExchange.js';

/**
 * A body with every known secret value masked: as it was when none is in it; otherwise masked and
 * marked `bodyMasked`, its `sha256` still the hash of the bytes that went over the wire. A body
 * that is not UTF-8 is searched byte for byte (an ASCII secret is found in it too).
 */
function maskedBody<M extends RecordedMessage>(message: M, mask: SecretMask): M {
  if (message.body !== undefined) {
    const body = mask.values(message.body);
    return body === message.body ? message : { ...message, body, bodyMasked: true };
  }
  if (message.bodyBase64 === undefined) return message;
  const bytes = Buffer.from(message.bodyBase64, 'base64').toString('latin1');
  const masked = mask.values(bytes);
  if (masked === bytes) return message;
  return {
    ...message,
    bodyBase64: Buffer.from(masked, 'latin1').toString('base64'),
    bodyMasked: true,
  };
}

/** Headers first: a secret header's value is learned before the body is searched for it. */
function maskedMessage<M extends RecordedMessage>(message: M, mask: SecretMask): M {
  const headers = mask.headers(message.headers);
  return { ...maskedBody(message, mask), headers };
}

/**
 * A line of a recording with its secrets masked as `mask` says: the secret headers' values (learned
 * first: the request's, then the answer's), every known secret value in the other headers, the path,
 * the failure and the bodies (a body with a secret masked in it is marked `bodyMasked`: it can no
 * longer be replayed), credentials in URLs. What is not secret stays byte for byte.
 */
export function maskRecordedExchange(
  exchange: RecordedExchange,
  mask: SecretMask,
): RecordedExchange {
  const { request, answer, failure, guid } = exchange;
  return {
    ...exchange,
    guid: guid === null ? null : mask.values(guid),
    request: { ...maskedMessage(request, mask), path: mask.text(request.path) },
    answer: answer === null ? null : maskedMessage(answer, mask),
    ...(failure !== undefined ? { failure: mask.text(failure) } : {}),
  };
}
