import type { Rule } from './protocolRules.js';

/**
 * One notification's delivery, as any check observed it: the model the sender rules written once
 * judge (`deliveryRules.ts`). check-sender adapts a scenario's attempts into it (over a socket and
 * under MSW), the proxy a tracked notification; what a check cannot see stays out (only check-sender
 * asks the sender what it concluded).
 */
export interface Delivery {
  /** In the order they came, the first attempt first. */
  readonly attempts: readonly DeliveryAttempt[];
  /** Requests for a Location the sender was given: redirects it followed. */
  readonly followed: readonly FollowedRedirect[];
  /** What the sender reported, when the check can know it. */
  readonly concluded?: SenderConclusion;
}

/** One attempt: what the sender sent, and what came of it. */
export interface DeliveryAttempt {
  readonly method: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact bytes sent. */
  readonly body: Uint8Array;
  /** The body as the JSON object it carries; undefined when it is not one. */
  readonly message: Readonly<Record<string, unknown>> | undefined;
  /** The receiver answered it with a 2xx (before the sender gave up on it). */
  readonly acknowledged: boolean;
  /** The attempt in a few words, as the check that saw it says it (`answered 500`, `503 in 4 ms`). */
  readonly describe: () => string;
}

/** A request for the Location of a redirect. */
export interface FollowedRedirect {
  readonly method: string;
  /** The Location requested. */
  readonly url: string;
  /** The User-Agent of that request, which may name the client that followed. */
  readonly userAgent?: string;
  /** In-process: the client requested the Location itself, through node:http. */
  readonly viaNodeHttp?: boolean;
  /** In-process: fetch was called with `redirect: 'follow'`, which follows the 3xx on a socket. */
  readonly inferredFromFetchMode?: boolean;
}

/** What the sender reported for the notification, and how its run ended when that says more. */
export interface SenderConclusion {
  readonly outcome: 'delivered' | 'failed';
  readonly ended?: string;
}

/** A problem a delivery rule found: one line, and the attempts (from 1) it is about, when known. */
export interface DeliveryProblem {
  readonly text: string;
  readonly attempts?: readonly number[];
}

/** A sender rule over the one delivery model. */
export type DeliveryRule = Rule<Delivery, DeliveryProblem>;
