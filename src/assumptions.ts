/**
 * What cpn-kit assumes where the vendor documents nothing (facts.md): every such default, named,
 * in one frozen object. Each one can be overridden where it is used (the option named beside it).
 */
export const assumptions = Object.freeze({
  /** `contact-processed-notification`: off until an operator enables it. Used by `fromOcsOptions`. */
  notificationsEnabled: false,
  /** `http-response-timeout`, in seconds (the unit is assumed too). Option `responseTimeout`, `--response-timeout`. */
  responseTimeoutSeconds: 10,
  /** `http-connection-pool-size`: connections, kept alive and reused. Option `connectionPoolSize`, `--pool-size`. */
  connectionPoolSize: 1,
  /** `http-retry-max-attempts`: retries after the first attempt. Option `retryMaxAttempts`, `--retry-max-attempts`. */
  retryMaxAttempts: 0,
  /**
   * `http-retry-applies-to`: connection failures, response timeouts and 5xx; 3xx (never followed) and
   * 4xx are failures that are not retried unless named. Option `retryAppliesTo`, `--retry-applies-to`.
   */
  retryAppliesTo: Object.freeze(['connection-failure', 'timeout', '5xx'] as const),
  /** The pause before a retry: 100 ms, doubled each retry, at most 1 s (OCS documents none). Option `retryBackoff`. */
  retryBackoff: Object.freeze({ initialMs: 100, maxMs: 1000 }),
  /** The `User-Agent`, in the `OCS/<version>` form the spec shows. Option `userAgent`, `--user-agent`. */
  userAgent: 'OCS/8.1.528.15',
  /** The separators between `Name: value` pairs in `http-custom-headers`: `;` or a new line. */
  customHeaderSeparators: Object.freeze([';', '\n'] as const),
  /**
   * The largest notification OCS is assumed to send, in bytes: every field and many long
   * user-defined fields (docs/assumptions.md gives the reasoning). check-receiver sends a valid
   * notification this large. Option `largestNotificationBytes`, `--largest-notification`.
   */
  largestNotificationBytes: 64 * 1024,
  /**
   * A large notification of the ordinary kind, in bytes: every field and some fifty user-defined
   * fields of 255 characters. check-receiver sends one too, when the largest is larger.
   */
  largeNotificationBytes: 16 * 1024,
  /** The largest body the reference receiver reads (a full notification is ~1.5 kB). Option `bodyLimit`. */
  receiverBodyLimitBytes: 256 * 1024,
  /** How long the reference receiver waits for a whole body before answering 408. Option `bodyTimeoutMs`. */
  receiverBodyTimeoutMs: 10_000,
  /**
   * How much of the target's answer the proxy keeps in memory: a larger answer is passed on as it
   * comes, and recorded as its size and hash only. Option `answerKeptBytes` of `startProxy`.
   */
  proxyAnswerKeptBytes: 1024 * 1024,
  /** How many GUIDs the in-memory dedupe store remembers. Option `capacity` of `LruDedupeStore`. */
  dedupeCapacity: 100_000,
  /** How long a dedupe store remembers a GUID (OCS's retries end long before). Option `ttlMs`. */
  dedupeTtlMs: 24 * 60 * 60 * 1000,
  /**
   * How long a shared dedupe store keeps a claim of a delivery being handled when its instance stops
   * renewing it (it renews it every third of this while the handler runs): a crashed instance holds
   * the notification at most this long, its retries answered 503. Option `claimTtlMs` of `RedisDedupeStore`.
   */
  dedupeClaimTtlMs: 30_000,
  /**
   * How long the receiver waits for the shared dedupe store to answer before answering 503 itself:
   * well within OCS's response timeout. Option `commandTimeoutMs` of `RedisDedupeStore`.
   */
  dedupeStoreTimeoutMs: 1_000,
});
