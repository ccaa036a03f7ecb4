import type { RecordFailure } from '../../record/RecordWriter.js';
import type { RetryCondition } from '../../retry/retryPolicy.js';

/** Options of {@link startProxy}. */
export interface ProxyOptions {
  /**
   * Where notifications go on to: the receiver's (the CRM's) URL; a request to the proxy's `/x` goes
   * to the target's path + `/x`. No `user:password@` (the proxy adds no credential: it forwards the
   * sender's own headers); a secret in its query (`?api_key=`) is masked in every output.
   */
  readonly target: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 8080; 0 for any free port. */
  readonly port?: number;
  /** Serve HTTPS to the sender with this certificate and key (PEM). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Extra trusted CA certificates (PEM) for an https:// target. */
  readonly ca?: readonly string[];
  /** The sender's settings the notifications are judged against (OCS's option values). */
  readonly retryMaxAttempts?: number;
  readonly retryAppliesTo?: readonly RetryCondition[];
  /** `http-response-timeout` in seconds. */
  readonly responseTimeout?: number;
  /** `http-connection-pool-size`. */
  readonly connectionPoolSize?: number;
  /** How long after a failed attempt its retry may still come, in seconds; default 2 × timeout + 5. */
  readonly retryWindow?: number;
  /**
   * Append every exchange to this NDJSON file, each line written before its answer goes to the
   * sender. A file that cannot be opened is refused at start (an OutputError).
   */
  readonly record?: string;
  /**
   * Keep the secrets in the recording: the credential headers' values (`Authorization`, `Cookie`,
   * …, and those named by `redactHeaders`) and any body that echoes them. By default they are
   * masked there as in the reports (`***` and a fingerprint); the reports always mask them.
   */
  readonly recordSecrets?: boolean;
  /**
   * More headers whose values are secret (OCS's `http-custom-headers` that carry a credential),
   * masked like `Authorization` in the reports, the live lines and the recording.
   */
  readonly redactHeaders?: readonly string[];
  /** Told at once when a line of the recording cannot be written (a full disk); the run goes on. */
  readonly onRecordFailure?: (failure: RecordFailure) => void;
  /**
   * Notifications still open when the run ends (their retries could still have come) make the run
   * incomplete, never conformant, unless this is true: then they are a warning.
   */
  readonly allowOpen?: boolean;
  /** A run that saw no notification is incomplete ("nothing observed") unless this is true. */
  readonly allowEmpty?: boolean;
  /**
   * The largest request body the proxy reads, in bytes; a larger one gets 413 from the proxy itself
   * and is not forwarded. Default `assumptions.receiverBodyLimitBytes` (256 KiB), as `receive`.
   */
  readonly bodyLimit?: number;
  /**
   * How long a request may take to arrive whole (headers and body), in ms; a slower one gets 408.
   * Default `assumptions.receiverBodyTimeoutMs` (10 s), as `receive`.
   */
  readonly bodyTimeoutMs?: number;
  /**
   * How much of an answer the proxy keeps in memory, in bytes; a larger one is passed on as it comes
   * and recorded as its size and hash. Default `assumptions.proxyAnswerKeptBytes` (1 MiB).
   */
  readonly answerKeptBytes?: number;
}
