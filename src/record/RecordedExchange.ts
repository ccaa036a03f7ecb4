import { hash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';

/**
 * One line of a recording (`--record FILE.ndjson`): one HTTP exchange as it went over the wire, the
 * request's and the answer's bodies byte for byte (as text when they are UTF-8, as base64 when not),
 * each with its SHA-256 so a copy can be checked.
 */
export interface RecordedExchange {
  /** The format's version. */
  readonly v: 1;
  /** When the request arrived, ISO 8601. */
  readonly time: string;
  /** The body's GSW_MESSAGE_GUID (the ETag when the body has none), or null. */
  readonly guid: string | null;
  /** The attempt number of this notification (1 for the first), as the recorder saw it. */
  readonly attempt: number;
  readonly request: RecordedMessage & { readonly method: string; readonly path: string };
  /** The answer given to the sender, or null when there was none (the sender left first). */
  readonly answer: (RecordedMessage & { readonly status: number }) | null;
  /** What went wrong with the exchange, when something did: `target unreachable: ECONNREFUSED`. */
  readonly failure?: string;
  readonly durationMs: number;
}

/** Headers and a body, exactly. */
export interface RecordedMessage {
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, when it is UTF-8 (absent when empty, not UTF-8, or too large to keep). */
  readonly body?: string;
  /** The body in base64, when it is not UTF-8. */
  readonly bodyBase64?: string;
  /** The SHA-256 of the body's bytes as they went over the wire, in hex. */
  readonly sha256: string;
  /** Set, in bytes, when the body was too large to keep: then only its size and hash are recorded. */
  readonly size?: number;
  /**
   * True when a secret value (a token the sender sent, echoed back) was masked in the body: the body
   * is no longer the bytes `sha256` was taken of, and cannot be replayed. Absent otherwise.
   */
  readonly bodyMasked?: true;
}

/** The body fields of a recorded message: text when UTF-8, base64 otherwise, and its hash. */
export function recordedBody(
  bytes: Uint8Array,
): Pick<RecordedMessage, 'body' | 'bodyBase64' | 'sha256'> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sha256 = hash('sha256', buffer, 'hex');
  if (buffer.byteLength === 0) return { sha256 };
  return isUtf8(buffer)
    ? { body: buffer.toString('utf8'), sha256 }
    : { bodyBase64: buffer.toString('base64'), sha256 };
}

/** The exact bytes of a recorded body. */
export function bodyBytes(message: RecordedMessage): Buffer {
  if (message.bodyBase64 !== undefined) return Buffer.from(message.bodyBase64, 'base64');
  return Buffer.from(message.body ?? '', 'utf8');
}

/** An exchange as its recorder saw it, with its bodies as bytes: what {@link toRecordedExchange} takes. */
export interface ExchangeToRecord {
  readonly receivedAt: Date;
  readonly guid: string | null;
  readonly attempt: number;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: Uint8Array;
  };
  readonly answer?: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: Uint8Array;
    /** Set when the body was too large to keep: its size and hash (the body is then left out). */
    readonly whole?: { readonly size: number; readonly sha256: string } | undefined;
  };
  readonly failure?: string;
  readonly durationMs: number;
}

/** The line of a recording for one exchange: bodies byte for byte with their hashes, the duration to 0.1 ms. */
export function toRecordedExchange(exchange: ExchangeToRecord): RecordedExchange {
  const { request, answer, failure } = exchange;
  return {
    v: 1,
    time: exchange.receivedAt.toISOString(),
    guid: exchange.guid,
    attempt: exchange.attempt,
    request: {
      method: request.method,
      path: request.path,
      headers: request.headers,
      ...recordedBody(request.body),
    },
    answer:
      answer === undefined
        ? null
        : {
            status: answer.status,
            headers: answer.headers,
            ...(answer.whole !== undefined ? answer.whole : recordedBody(answer.body)),
          },
    ...(failure !== undefined ? { failure } : {}),
    durationMs: Math.round(exchange.durationMs * 10) / 10,
  };
}
