import type { Report } from '../../report/Report.js';
import type { ReportInProgress } from '../../report/startReport.js';
import type { ScenarioSession } from '../../scenarios/createScenarioSession.js';
import type { LagReading } from '../LagMeter.js';
import {
  interruptedBecause,
  NOT_JUDGED_YET,
  NOT_RUN_INTERRUPTED,
  WHILE_RUNNING,
} from '../interruption.js';
import { ProgressCallback } from '../ProgressCallback.js';
import { judgeSession, type SessionEvidence } from './judgeSession.js';
import type { ScenarioRun } from './SenderRun.js';

/**
 * What a check-sender run knows as it goes: each scenario's run of the sender and when it started,
 * which scenarios are over and judged, and the report as it stands — handed to `onProgress` each
 * time a scenario is judged, and built whole (or partial, when interrupted) at the end.
 */
export class SenderProgress {
  /** Per scenario id: how the sender's run for it ended. */
  readonly outcomes: Record<string, ScenarioRun> = {};
  /** Per scenario id: when its run started, on the session's clock. */
  readonly runStartedAt: Record<string, number> = {};
  readonly #judged = new Set<string>();
  #run: ScenarioRun | undefined;
  readonly #progress: ProgressCallback;

  constructor(
    private readonly session: ScenarioSession,
    private readonly report: ReportInProgress,
    private readonly context: {
      readonly lag: LagReading;
      readonly subject: string;
      readonly onProgress?: (snapshot: Report) => void;
    },
  ) {
    this.#progress = new ProgressCallback(context.onProgress);
  }

  /** The run has begun: the report as it stands (nothing judged yet) goes to onProgress at once. */
  begun(): void {
    this.#progress.call(() => this.#partial(NOT_JUDGED_YET, WHILE_RUNNING));
  }

  /** The sender runs once for the whole catalog (or is not run by the check): what is known of it. */
  ranOnce(run: ScenarioRun): void {
    this.#run = run;
  }

  /**
   * Judges each scenario as soon as it has settled (every attempt a conforming sender makes, all
   * answered): for a sender run once for the whole catalog, or one the check does not run. Returns
   * how to stop watching.
   */
  judgeAsSettled(): () => void {
    const look = () => {
      for (const { id } of this.session.scenarios)
        if (!this.#judged.has(id) && this.session.isScenarioSettled(id)) this.judged(id);
    };
    return this.session.onChange(look);
  }

  /** A scenario is over: its finding can be judged, and the report as it stands goes to onProgress. */
  judged(scenarioId: string, run?: ScenarioRun): void {
    if (run !== undefined) this.outcomes[scenarioId] = run;
    this.#judged.add(scenarioId);
    this.#progress.call(() => this.#partial(NOT_JUDGED_YET, WHILE_RUNNING));
  }

  /** True once the scenario was judged. */
  isJudged(scenarioId: string): boolean {
    return this.#judged.has(scenarioId);
  }

  /** The report of the whole run (throwing what onProgress threw, if it did). */
  finish(): Report {
    this.#progress.rethrow();
    return this.report.finish(judgeSession(this.session, this.#evidence()), this.context.subject);
  }

  /** The report of an interrupted run: what was judged, every other scenario a SKIP. */
  interrupted(signal: AbortSignal): Report {
    return this.#partial(NOT_RUN_INTERRUPTED, interruptedBecause(signal));
  }

  #partial(skipSummary: string, why: string): Report {
    const ids = new Set(
      this.session.scenarios.map((s) => s.id).filter((id) => !this.#judged.has(id)),
    );
    const findings = judgeSession(this.session, {
      ...this.#evidence(),
      notJudged: { ids, summary: skipSummary },
    });
    return this.report.snapshot(findings, why, this.context.subject);
  }

  #evidence(): SessionEvidence {
    const measured = { runStartedAt: this.runStartedAt, lag: this.context.lag };
    return this.#run !== undefined
      ? { run: this.#run, measured }
      : { outcomes: this.outcomes, measured };
  }
}
