import type { FindingStatus } from '../../report/Report.js';
import type { Exchange } from './Exchange.js';
import type { ExchangeView } from './exchangeTimeline.js';
import type { ReceiverTarget } from './sendExchange.js';
import type { Counter } from './settledCount.js';

/** A valid notification another check sent, with its answers: what the whole-run check counts. */
export interface SentNotification {
  readonly guid: string;
  readonly body: string;
  /** What it was sent for (the label of its first request). */
  readonly label: string;
  readonly exchanges: readonly Exchange[];
  /**
   * True when its GUID is the same every run (the pact's fixed GUIDs): its count then holds earlier
   * runs too, so it is judged handled at least once.
   */
  readonly fixed: boolean;
}

/** What an exactly-once check works with. */
export interface OnceContext extends Counter {
  readonly target: ReceiverTarget;
  readonly view: ExchangeView;
  /** The valid notifications the other checks sent. */
  readonly others: readonly SentNotification[];
}

/** How an exactly-once check came out. */
export interface OnceOutcome {
  readonly status: Exclude<FindingStatus, 'warn'>;
  readonly summary: string;
  readonly details?: readonly string[];
  /** Every request it sent, with its answer. */
  readonly exchanges: readonly Exchange[];
  /** What reproduces a failure: these requests sent again, one after the other or at once. */
  readonly reproduce?: {
    readonly exchanges: readonly Exchange[];
    readonly atOnce: boolean;
    /** The comment that says what to look for (the GUID, the count). */
    readonly note: string;
  };
}

/**
 * One exactly-once check, as a table entry: it sends its own notifications (fresh GUIDs every run),
 * reads how many times the receiver handled each, and judges.
 */
export interface OnceCheck {
  readonly id: string;
  readonly title: string;
  play(context: OnceContext): Promise<OnceOutcome>;
}
