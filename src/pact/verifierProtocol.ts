import { asText } from '../util/asText.js';

/** An answer the receiver gave to a contract request, replayed to Pact's Verifier. */
export interface RecordedAnswer {
  /** `METHOD canonical-body`: how the Verifier's request finds its answer. */
  readonly key: string;
  /** The receiver's status; absent when it gave no HTTP answer. */
  readonly status?: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Why there was no answer (a timeout, a refused connection), when there was none. */
  readonly failure?: string;
}

/** What the parent asks the Pact verifier child process to do. */
export interface VerifierJob {
  readonly provider: string;
  /** Local pact files. */
  readonly pactFiles: readonly string[];
  /** Every provider state named in the pacts (set up by the check itself before it sent the requests). */
  readonly states: readonly string[];
  readonly answers: readonly RecordedAnswer[];
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
  /** Requests of the Verifier for which no answer had been recorded. */
  readonly unanswered: readonly string[];
  /** A failure that is not a mismatch (the verifier could not run). */
  readonly error?: string;
}

/** Sorts object keys at every level, so two spellings of the same JSON compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** The key of a request: its method and its body (JSON compared whatever its spelling). */
export function answerKey(method: string, body: unknown): string {
  let value = body;
  if (Buffer.isBuffer(body)) value = body.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return `${method.toUpperCase()} ${asText(value)}`;
    }
  }
  return `${method.toUpperCase()} ${JSON.stringify(canonical(value ?? null))}`;
}
