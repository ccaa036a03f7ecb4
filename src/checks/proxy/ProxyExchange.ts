/** One request the proxy received from the sender, and what came of it. */
export interface ProxyExchange {
  /** When the request arrived (ms, `performance.now()` clock) and as a date. */
  readonly startedAt: number;
  readonly receivedAt: Date;
  /** The sender's TCP connection, numbered from 1: attempts on one kept-alive connection share it. */
  readonly connection: number;
  readonly method: string;
  /** The path as the sender asked for it (below the proxy's root). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The request's body (empty until it has been read whole). */
  body: Buffer;
  /** The target's answer, as forwarded unchanged; absent when there was none. */
  answer?: ProxyAnswer;
  /** Why there was no answer from the target: it could not be reached, or it did not answer in time. */
  targetFailure?: string;
  /** The proxy's own answer when the target gave none: 502 (unreachable) or 504 (no answer in time). */
  proxyAnswer?: ProxyAnswer;
  /** Set when the sender closed the connection before the answer reached it: after how many ms. */
  senderLeftAfterMs?: number;
  /** When the target's answer (or failure) came, in ms after the request arrived. */
  durationMs?: number;
  /** Set when the proxy's own stop cut the exchange short: nothing is known of how it would have ended. */
  cutShort?: boolean;
}

/** The target's answer: its status, headers and body bytes. */
export interface ProxyAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body, or only its first bytes when it was larger than the proxy keeps (then see `whole`). */
  readonly body: Buffer;
  /** Set when the body was passed on as it came: its whole size and SHA-256. */
  whole?: { readonly size: number; readonly sha256: string };
}
