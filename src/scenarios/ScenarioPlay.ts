import type { Scenario } from './Scenario.js';

/** One request the receiver saw, with how it answered. Times are ms since the session started. */
export interface RecordedAttempt {
  /** 0-based attempt number within its scenario. */
  readonly index: number;
  readonly method: string;
  readonly url: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** The body parsed as a JSON object; undefined when it is not one. */
  readonly message: Readonly<Record<string, unknown>> | undefined;
  /** The body's GSW_MESSAGE_GUID (or the ETag when the body has none). */
  readonly guid: string | undefined;
  readonly startedAt: number;
  /** What the receiver did, e.g. `answered 500`, `dropped the connection`. */
  response: string;
  /** The status answered, when the receiver answered. */
  status?: number;
  /** The answer the scenario played (status, headers, body), when it answered. */
  answer?: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string | null;
  };
  respondedAt?: number;
  /** When the sender closed the connection before the answer was complete. */
  clientClosedAt?: number;
  /** On a socket: the connection the attempt came on (numbered per server, from 1). */
  connection?: number;
  /**
   * On a socket: how the connection the attempt came on ended, once it did — closed by the sender
   * (a client whose timer ran out destroys its request), or by the receiver (a `Connection: close`
   * answer, a dropped connection, the session closing). Unset while it is open.
   */
  connectionEnd?: ConnectionEnd;
}

/** How a connection ended, as the receiver saw it (session clock, ms). */
export interface ConnectionEnd {
  readonly at: number;
  readonly by: 'sender' | 'receiver';
}

/** The connection a request came on, when it came on a socket. */
export interface PlayConnection {
  /** Numbered per server, from 1. */
  readonly id: number;
  /** Calls `listener` once the connection has ended (at once when it already has). */
  onEnd(listener: (by: ConnectionEnd['by'], at: number) => void): void;
}

/** A request that followed a redirect's Location (seen on the wire, or fetch's follow mode in-process). */
export interface RedirectHit {
  readonly scenarioId: string;
  readonly method: string;
  readonly url: string;
  readonly at: number;
  /** Set in-process: the request was made with fetch's `redirect: 'follow'`, which follows the 3xx on a real socket. */
  readonly inferredFromFetchMode?: boolean;
  /** The User-Agent of the request for the Location, which may name the client that followed. */
  readonly userAgent?: string;
  /** Set in-process: the client requested the Location itself, through node:http. */
  readonly viaNodeHttp?: boolean;
}

/** One scenario's recorded play. */
export interface ScenarioPlay {
  readonly scenario: Scenario;
  readonly attempts: RecordedAttempt[];
}

/**
 * A notification that could have been a new one or a retry with a regenerated GSW_MESSAGE_GUID and
 * GSW_TIMESTAMP: identical content otherwise, arriving while another scenario still expected a
 * retry. Only possible when one URL serves the whole catalog.
 */
export interface Ambiguity {
  /** The scenario that still expected a retry. */
  readonly owing: string;
  /** The scenario the notification was given to (as a new notification), if any was left. */
  readonly takenAs?: string;
  readonly guid: string;
}

/** A request as the scenarios see it, whatever carried it (a socket, or msw in-process). */
export interface PlayRequest {
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** Aborts when the sender goes away before the answer is complete. */
  readonly signal?: AbortSignal;
  /** When the request arrived (performance.now()), before its body was read; default when it is handled. */
  readonly arrivedAt?: number;
  /**
   * fetch's redirect mode, known in-process for a request made by fetch only: with `follow`, fetch
   * follows a 3xx on a real socket.
   */
  readonly redirect?: 'follow' | 'manual' | 'error';
  /** Set in-process: the request came through node:http (a ClientRequest), whose client follows a 3xx itself if it does. */
  readonly viaNodeHttp?: boolean;
  /** Set on a socket: the connection it came on. */
  readonly connection?: PlayConnection;
}

/** What the receiver does with a request: answer it, or drop the connection. */
export type PlayAction =
  | {
      readonly kind: 'respond';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string | null;
    }
  | { readonly kind: 'drop' };
