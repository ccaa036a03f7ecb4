/** How one scenario or check came out. `warn` and `skip` do not fail a report; `fail` does. */
export type FindingStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** An HTTP request or answer as a report shows it: headers, and the body as text. */
export interface ExchangeMessage {
  readonly headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text (cut after 64 KiB, with a note), absent when there was none. */
  readonly body?: string;
}

/**
 * What came back to an exchange, as a timeline colours it: the class of the answer's status, no answer
 * (none came before the sender gave up or the request was aborted), or a connection that failed
 * (refused, reset, dropped, TLS).
 */
export const answerClasses = Object.freeze([
  '2xx',
  '3xx',
  '4xx',
  '5xx',
  'other-status',
  'no-answer',
  'connection-failed',
] as const);
export type AnswerClass = (typeof answerClasses)[number];

/** One exchange a finding is about: an attempt of a notification, or one request of a check. */
export interface ExchangeRecord {
  /** What it was, naming its check or interaction: `attempt 2`, `contract: an sms notification`. */
  readonly label: string;
  /** When it started, in ms after the finding's first exchange started. */
  readonly startMs: number;
  /** How long until the answer, or until the sender gave up; absent when unknown. */
  readonly durationMs?: number;
  /** What came of it in a few words: `answered 503`, `no answer within 10 s`, `connection reset`. */
  readonly outcome: string;
  /**
   * The verdict on this exchange: as it should be, or part of the defect. A 503 a sender rightly
   * retried is `ok`; a 200 to a body that must be refused is not.
   */
  readonly ok: boolean;
  /**
   * What came back, apart from the verdict (the HTML report colours a bar by it). Absent in a report
   * written before it existed: then read from `answer` (see `answerClassOf`).
   */
  readonly answerClass?: AnswerClass;
  readonly request?: ExchangeMessage & { readonly method: string; readonly url: string };
  readonly answer?: ExchangeMessage & { readonly status: number };
}

/** The exchanges of a finding, to be drawn against the response timeout. */
export interface Timeline {
  /** The response timeout, in ms: the line every answer must come before. */
  readonly limitMs: number;
  readonly exchanges: readonly ExchangeRecord[];
}

/**
 * One scenario's or one check's outcome: the shape behind the terminal line, the JSON and the
 * JUnit test case of every check command.
 */
export interface Finding {
  /** Stable identifier, e.g. `redirect-301` or `duplicate-acknowledged`. */
  readonly id: string;
  /** What was checked, in a few words. */
  readonly title: string;
  readonly status: FindingStatus;
  /** The finding in one line: what happened, and on failure what was expected. */
  readonly summary: string;
  /** Further lines, e.g. each broken expectation. */
  readonly details?: readonly string[];
  readonly durationMs?: number;
  /** The exchanges behind it (attempts of a scenario or notification, requests of a check). */
  readonly timeline?: Timeline;
  /** For a failing receiver check: a `curl` command line that sends the same request again. */
  readonly curl?: string;
  /**
   * For a failing finding: the protocol rules it breaks, e.g. `sender-timeout` (the ids of
   * `src/ocs/protocolRules.ts`, the same in check-sender, under MSW and in the proxy).
   */
  readonly rules?: readonly string[];
}

/** One OCS setting a run judged or sent with, and where its value came from. */
export interface SettingSource {
  /** The OCS option: `http-response-timeout`. */
  readonly option: string;
  /** Its value as used, in a few words (a custom header by its name only). */
  readonly value: string;
  /** Where it came from: `ocs.cfg:7`, `--response-timeout (over ocs.cfg:7)`, `default`. */
  readonly from: string;
  /**
   * Which source won: the operator's options `file`, a `flag`, the `default`; `unused` for a file's
   * option the command does not use.
   */
  readonly origin: 'file' | 'flag' | 'default' | 'unused';
}

/** The outcome of one check command. */
export interface Report {
  /** The command that produced it, e.g. `check-sender`. */
  readonly command: string;
  /** What was checked: a URL, a command line. */
  readonly subject: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly findings: readonly Finding[];
  /**
   * False when the report was written before its run was over: a snapshot rewritten while the run
   * goes on, or a run stopped before it was done. Its findings then cover only what was seen so far,
   * and it is never conformant. Absent (as in a report built by hand) means complete.
   */
  readonly complete?: boolean;
  /** Why it is not complete, in a few words: `written while the run goes on`, `interrupted by SIGTERM`. */
  readonly incomplete?: string;
  /** With `--ocs-options`: each OCS setting of the run and where its value came from. */
  readonly settings?: readonly SettingSource[];
}

/** True when the report is complete and no finding failed. */
export function reportPassed(report: Report): boolean {
  return report.complete !== false && report.findings.every((finding) => finding.status !== 'fail');
}

/** The verdict in words, the same in every output: `conformant`, `NOT conformant` or `incomplete (why)`. */
export function reportVerdict(report: Report): string {
  if (report.complete === false)
    return `incomplete (${report.incomplete ?? 'the run was not over'})`;
  return reportPassed(report) ? 'conformant' : 'NOT conformant';
}

/** Counts of findings by status. */
export function reportCounts(report: Report): Record<FindingStatus, number> {
  const counts: Record<FindingStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const finding of report.findings) counts[finding.status] += 1;
  return counts;
}
