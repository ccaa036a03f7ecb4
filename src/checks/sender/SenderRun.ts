/** What a sender concluded about one notification: the receiver has it, or it gave up. */
export type SenderOutcome = 'delivered' | 'failed';

/**
 * What is known of the sender's own side of one scenario (or of one run for the whole catalog): the
 * outcome it concluded, when that can be known, and what it printed.
 */
export interface ScenarioRun {
  /** The sender's conclusion; absent when it cannot be known (see `unobservable`). */
  readonly outcome?: SenderOutcome;
  /** Why the outcome cannot be known, e.g. `a real OCS reports its outcomes in its own logs`. */
  readonly unobservable?: string;
  /** How the run ended, as a verb phrase after "the sender", e.g. `exited with code 1`, `threw …`. */
  readonly ended?: string;
  /**
   * Set when the run itself went wrong, as a verb phrase: `could not run: command not found (exit
   * 127)`, `did not finish within 30 s`.
   */
  readonly problem?: string;
  /** The last lines the sender printed (standard error and output), for a person. */
  readonly log?: readonly string[];
}
