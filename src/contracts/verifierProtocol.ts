/** What the parent asks the Pact verifier child process to do. */
export interface VerifierJob {
  /** The receiver's URL: its origin is the provider base URL, its path is where requests go. */
  readonly url: string;
  readonly provider: string;
  /** Local pact files; empty when pacts come from a broker. */
  readonly pactFiles: readonly string[];
  /** Static headers added to every request (`Name: value`). */
  readonly headers: Readonly<Record<string, string>>;
  /** Per-request timeout of the verifier, in milliseconds. */
  readonly timeoutMs: number;
  /** How long the kit waits for the receiver's answer to a forwarded request (shorter than `timeoutMs`). */
  readonly answerTimeoutMs: number;
  /** Messages to pre-deliver for the duplicate-delivery state, by GUID. */
  readonly preDeliveries: Readonly<Record<string, unknown>>;
  readonly duplicateState: string;
  /** Extra trusted CA certificates (PEM) for an https:// receiver. */
  readonly ca?: readonly string[];
  readonly broker?: {
    readonly url: string;
    readonly publish: boolean;
    readonly providerVersion?: string;
    readonly branch?: string;
    readonly token?: string;
    readonly username?: string;
    readonly password?: string;
  };
}

/** One request the verifier replayed, as the request filter saw it. */
export interface VerifierObservation {
  readonly etag?: string;
  /** The receiver's status; absent when it gave no HTTP answer (see `failure`). */
  readonly status?: number;
  /** Why there was no answer: a refused or reset connection, a timeout. */
  readonly failure?: string;
  readonly durationMs: number;
}

/** A failure the verifier reported for one interaction. */
export interface VerifierMismatch {
  /** `Verifying a pact between … - <description>` as the verifier names it. */
  readonly interaction: string;
  readonly message: string;
}

/** What the child sends back. */
export interface VerifierOutcome {
  readonly passed: boolean;
  readonly mismatches: readonly VerifierMismatch[];
  readonly observations: readonly VerifierObservation[];
  /** Pre-deliveries done by the duplicate state handler: GUID → status (or reason). */
  readonly preDelivered: Readonly<Record<string, string>>;
  /** A failure that is not a mismatch (the verifier could not run). */
  readonly error?: string;
}
