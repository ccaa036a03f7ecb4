import type { Finding, Report } from '../../report/Report.js';
import type { ReportInProgress } from '../../report/startReport.js';
import {
  interruptedBecause,
  NOT_JUDGED_YET,
  NOT_RUN_INTERRUPTED,
  WHILE_RUNNING,
} from '../interruption.js';
import type { Exchange } from './Exchange.js';
import type { ExchangeView } from './exchangeTimeline.js';
import { judgeRuns } from './judgeRuns.js';
import { ProgressCallback } from '../ProgressCallback.js';
import type { ReceiverCheck } from './ReceiverCheck.js';
import type { CheckRun } from './receiverFindings.js';

/** The checks of a run, and which of them come from the pacts (those need Pact's Verifier). */
export interface PlannedChecks {
  readonly checks: readonly ReceiverCheck[];
  /** The first `contractCount` checks are the pacts' interactions. */
  readonly contractCount: number;
  /** The exactly-once checks, judged after the others. */
  readonly once: readonly { readonly id: string; readonly title: string }[];
}

/**
 * What a check-receiver run knows as it goes: which checks have all their answers. Each time one
 * has, the report as it stands goes to `onProgress`; an interrupted run's report is built from the
 * same. A check Pact cannot express is judged as soon as it is answered; a contract check only once
 * Pact's Verifier has judged the answers, so until then it is a SKIP.
 */
export class ReceiverProgress {
  readonly #done = new Map<number, readonly Exchange[]>();
  readonly #once = new Map<string, Finding>();
  #before: readonly Finding[] = [];
  readonly #progress: ProgressCallback;

  constructor(
    private readonly report: ReportInProgress,
    private readonly planned: PlannedChecks,
    private readonly context: {
      readonly view: ExchangeView;
      readonly url: string;
      readonly onProgress?: (snapshot: Report) => void;
    },
  ) {
    this.#progress = new ProgressCallback(context.onProgress);
  }

  /** The run has begun: the report as it stands (nothing judged yet) goes to onProgress at once. */
  begun(): void {
    this.#progress.call(() => this.#partial(NOT_JUDGED_YET, WHILE_RUNNING));
  }

  /** Throws what onProgress threw, if it did (when the run is over). */
  rethrow(): void {
    this.#progress.rethrow();
  }

  /** Findings that come before the checks' own (preflight, the broker's problem). */
  before(findings: readonly Finding[]): void {
    this.#before = findings;
  }

  /** Check `index` has all its answers. */
  checkDone(index: number, exchanges: readonly Exchange[]): void {
    this.#done.set(index, [...exchanges]);
    this.#progress.call(() => this.#partial(NOT_JUDGED_YET, WHILE_RUNNING));
  }

  /** An exactly-once check was judged (or will not run: a SKIP known from the start). */
  onceDone(finding: Finding): void {
    this.#once.set(finding.id, finding);
    this.#progress.call(() => this.#partial(NOT_JUDGED_YET, WHILE_RUNNING));
  }

  /** The report of an interrupted run: what was judged, every other check a SKIP. */
  interrupted(signal: AbortSignal): Report {
    return this.#partial(NOT_RUN_INTERRUPTED, interruptedBecause(signal));
  }

  #partial(skipSummary: string, why: string): Report {
    const { checks, contractCount } = this.planned;
    const judged: CheckRun[] = checks.flatMap((check, i) => {
      const exchanges = this.#done.get(i);
      return exchanges !== undefined && i >= contractCount ? [{ check, exchanges }] : [];
    });
    const { view, url } = this.context;
    const findings = judgeRuns(judged, view, url, undefined);
    const byId = new Map(judged.map((run, k) => [run.check.id, findings.checkFindings[k]!]));
    const skip = (id: string, title: string): Finding => ({
      id,
      title,
      status: 'skip',
      summary: skipSummary,
    });
    const checkFindings = checks.map((check, i) => {
      const found = byId.get(check.id);
      if (found !== undefined) return found;
      const answered = this.#done.has(i)
        ? { details: ["its requests were answered; Pact's Verifier had not judged them yet"] }
        : {};
      return { ...skip(check.id, check.title), ...answered };
    });
    const once = this.planned.once.map(({ id, title }) => this.#once.get(id) ?? skip(id, title));
    const aggregate =
      judged.length > 0 ? findings.aggregate : findings.aggregate.map((f) => skip(f.id, f.title));
    return this.report.snapshot(
      [
        ...(findings.cause ? [findings.cause] : []),
        ...(findings.rateLimit ? [findings.rateLimit] : []),
        ...this.#before,
        ...checkFindings,
        ...once,
        ...aggregate,
      ],
      why,
    );
  }
}
