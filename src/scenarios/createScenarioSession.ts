import { PlayAssigner } from './assignPlay.js';
import { Changes } from './Changes.js';
import { Holds } from './Holds.js';
import { SessionUrls } from './SessionUrls.js';
import { fetchFollowMethod, playStep } from './playStep.js';
import { scenarioCatalog } from './scenarioCatalog.js';
import {
  expectedOutcome,
  senderExpectation,
  stepFor,
  type Scenario,
  type SenderExpectation,
} from './Scenario.js';
import type {
  Ambiguity,
  PlayAction,
  PlayRequest,
  RecordedAttempt,
  RedirectHit,
  ScenarioPlay,
} from './ScenarioPlay.js';
import { scenarioTiming, type ScenarioTiming } from './scenarioTiming.js';
import { badOption, described } from '../errors/OptionError.js';
import { IssueCollector } from '../errors/IssueCollector.js';
import { ocsSettings } from '../ocs/ocsSettings.js';

export type {
  Ambiguity,
  PlayAction,
  PlayRequest,
  RecordedAttempt,
  RedirectHit,
  ScenarioPlay,
} from './ScenarioPlay.js';

/** Options of {@link createScenarioSession}. */
export interface ScenarioSessionOptions extends Partial<SenderExpectation> {
  /**
   * Where senders POST. Any path below it counts too; `<baseUrl>/<scenario id>` plays that scenario.
   * Default `http://127.0.0.1/cpn` (serveScenarios replaces the origin with the real one).
   */
  readonly baseUrl?: string;
  /** The scenarios, in play order; default the whole {@link scenarioCatalog}. */
  readonly scenarios?: readonly Scenario[];
  /** The sender's response timeout in seconds (scales the slow and no-answer steps); default 10. */
  readonly responseTimeout?: number;
}

/**
 * A set of scenarios, what a sender did in each, and the sender settings they are judged against.
 * It does no I/O: an adapter hands each request to {@link ScenarioSession.handle} and carries out the
 * answer — `serveScenarios` on a socket, `scenarioHandlers` under msw in-process.
 */
export interface ScenarioSession {
  readonly scenarios: readonly Scenario[];
  readonly settings: SenderExpectation;
  readonly timing: ScenarioTiming;
  /** The URL for the whole catalog: each new GSW_MESSAGE_GUID takes the next scenario. */
  readonly url: string;
  /** The URL of one scenario: every request there is an attempt of that scenario's notification. */
  urlFor(scenarioId: string): string;
  /** Moves the session to another origin (when served on a socket whose port is known late). */
  setBaseUrl(baseUrl: string): void;
  /** True when a request's URL is served by this session. */
  serves(url: string): boolean;
  /** Plays one request: records it, and resolves with what the receiver does (after any hold). */
  handle(request: PlayRequest): Promise<PlayAction>;
  /** How many distinct notifications the whole catalog needs. */
  readonly count: number;
  readonly plays: readonly ScenarioPlay[];
  readonly redirectHits: readonly RedirectHit[];
  /**
   * Requests without a GUID, and notifications beyond the catalog (the first {@link
   * MAX_UNASSIGNED_RECORDED}, bodies dropped).
   */
  readonly unassigned: readonly RecordedAttempt[];
  /** Notifications that could have been new ones or retries with a regenerated GUID and timestamp. */
  readonly ambiguities: readonly Ambiguity[];
  /** True when every scenario got at least the attempts a conforming sender makes and all were answered. */
  isSettled(): boolean;
  /** Resolves when settled (true), or after `timeoutMs` or when `signal` aborts (false). */
  waitUntilSettled(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /**
   * Resolves when no attempt of the scenario is still being answered (true), or after `timeoutMs` or
   * when `signal` aborts (false).
   */
  waitForScenario(scenarioId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /**
   * Resolves with when the scenario's first attempt arrived (ms on {@link ScenarioSession.now}'s
   * clock), or undefined after `timeoutMs` or when `signal` aborts.
   */
  waitForFirstAttempt(
    scenarioId: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<number | undefined>;
  /** True when a scenario got at least the attempts a conforming sender makes and all were answered. */
  isScenarioSettled(scenarioId: string): boolean;
  /** Calls `listener` on every recorded change (a request, an answer, a sender leaving); returns how to stop. */
  onChange(listener: () => void): () => void;
  /** Releases held (no-answer) requests; call when done. */
  close(): void;
  /** Milliseconds since the session started. */
  now(): number;
}

/**
 * How many requests outside the scenarios a session keeps (a long --listen run against a busy OCS
 * must not grow without bound).
 */
export const MAX_UNASSIGNED_RECORDED = 1000;

/** The body as a JSON object, or undefined (not JSON, or JSON that is not an object). */
function parseBody(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function checkScenarios(scenarios: readonly Scenario[]): void {
  if (scenarios.length === 0) badOption('scenarios', 'at least one scenario', described('none'));
  const ids = new Set<string>();
  for (const s of scenarios) {
    if (ids.has(s.id)) badOption('scenarios', 'each scenario id once', described(`${s.id} twice`));
    ids.add(s.id);
  }
}

/** What a request for a redirect's Location gets (a conforming sender never makes one). */
export const redirectTargetAnswer = {
  kind: 'respond',
  status: 200,
  headers: {},
  body: 'redirect target: a conforming sender never gets here',
} as const satisfies PlayAction;

const finished = (a: RecordedAttempt) =>
  a.respondedAt !== undefined || a.clientClosedAt !== undefined;

/** The body's GUID, or the ETag when the body has none. */
function guidOf(
  message: Readonly<Record<string, unknown>> | undefined,
  headers: Readonly<Record<string, string>>,
): string | undefined {
  const bodyGuid = message?.GSW_MESSAGE_GUID;
  return typeof bodyGuid === 'string' && bodyGuid !== '' ? bodyGuid : headers.etag || undefined;
}

/** A session: what was recorded, and how each request is played. */
class Session implements ScenarioSession {
  readonly plays: ScenarioPlay[];
  readonly redirectHits: RedirectHit[] = [];
  readonly unassigned: RecordedAttempt[] = [];
  readonly ambiguities: Ambiguity[] = [];
  readonly timing: ScenarioTiming;
  readonly #urls: SessionUrls;
  readonly #assigner: PlayAssigner;
  readonly #holds = new Holds();
  readonly #changes = new Changes();
  readonly #started = performance.now();

  constructor(
    readonly scenarios: readonly Scenario[],
    readonly settings: SenderExpectation,
    baseUrl: string,
  ) {
    this.timing = scenarioTiming(settings.responseTimeout);
    this.#urls = new SessionUrls(baseUrl);
    this.plays = scenarios.map((scenario) => ({ scenario, attempts: [] }));
    this.#assigner = new PlayAssigner(this.plays, settings);
  }

  get url(): string {
    return this.#urls.url;
  }

  get count(): number {
    return this.scenarios.length;
  }

  urlFor = (id: string) => this.#urls.urlFor(id);
  setBaseUrl = (baseUrl: string) => this.#urls.set(baseUrl);
  serves = (url: string) => this.#urls.serves(new URL(url));
  now = () => performance.now() - this.#started;

  async handle(request: PlayRequest): Promise<PlayAction> {
    const startedAt =
      request.arrivedAt !== undefined ? request.arrivedAt - this.#started : this.now();
    const url = new URL(request.url);
    const targetOf = this.#urls.redirectTargetOf(url);
    if (targetOf !== undefined)
      return this.#followed({
        scenarioId: targetOf,
        method: request.method,
        url: request.url,
        at: startedAt,
        ...(request.headers['user-agent'] === undefined
          ? {}
          : { userAgent: request.headers['user-agent'] }),
        ...(request.viaNodeHttp === true ? { viaNodeHttp: true } : {}),
      });
    const forcedId = this.#urls.scenarioIdOf(url);
    const forced = forcedId === '' ? undefined : this.plays.find((p) => p.scenario.id === forcedId);
    if (forcedId !== '' && forced === undefined) {
      return {
        kind: 'respond',
        status: 404,
        headers: {},
        body: `no scenario ${JSON.stringify(forcedId)}; known: ${this.scenarios.map((s) => s.id).join(', ')}`,
      };
    }
    const message = parseBody(request.body);
    const guid = guidOf(message, request.headers);
    const { play, ambiguity } = this.#assigner.assign(forced, guid, message);
    if (ambiguity !== undefined) this.ambiguities.push(ambiguity);
    const attempt = this.#record(request, {
      index: play?.attempts.length ?? 0,
      message,
      guid,
      startedAt,
    });
    if (play === undefined) return this.#unassigned(attempt);
    play.attempts.push(attempt);
    this.#changes.notify();
    return this.#play(request, play, attempt);
  }

  /** The attempt as recorded; the sender going away before the answer is noted when it happens. */
  #record(
    request: PlayRequest,
    known: Pick<RecordedAttempt, 'index' | 'message' | 'guid' | 'startedAt'>,
  ): RecordedAttempt {
    const attempt: RecordedAttempt = {
      ...known,
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
      response: '',
    };
    request.signal?.addEventListener('abort', () => {
      if (attempt.respondedAt === undefined) attempt.clientClosedAt ??= this.now();
      this.#changes.notify();
    });
    if (request.connection !== undefined) {
      attempt.connection = request.connection.id;
      request.connection.onEnd((by, at) => {
        attempt.connectionEnd = { by, at: at - this.#started };
      });
    }
    return attempt;
  }

  /** Plays the scenario's step for this attempt, records the answer, and follows a 3xx as fetch would. */
  async #play(
    request: PlayRequest,
    play: ScenarioPlay,
    attempt: RecordedAttempt,
  ): Promise<PlayAction> {
    const id = play.scenario.id;
    const location = this.#urls.redirectLocation(id);
    const hold = (ms: number) => this.#holds.hold(ms, request.signal);
    const played = await playStep(stepFor(play.scenario, attempt.index), {
      responseTimeout: this.settings.responseTimeout,
      timing: this.timing,
      redirectLocation: location,
      scenarioId: id,
      hold,
    });
    const { action } = played;
    attempt.response = played.description;
    if (played.ended) attempt.respondedAt = this.now();
    if (action.kind === 'respond') {
      attempt.status = action.status;
      attempt.answer = { status: action.status, headers: action.headers, body: action.body };
    }
    this.#changes.notify();
    if (
      request.redirect === 'follow' &&
      action.kind === 'respond' &&
      action.status >= 300 &&
      action.status < 400
    ) {
      // In-process there is no wire for fetch's follow to be seen on: record what it does on a socket.
      return this.#followed({
        scenarioId: id,
        method: fetchFollowMethod(action.status, request.method),
        url: location,
        at: this.now(),
        inferredFromFetchMode: true,
      });
    }
    return action;
  }

  #followed(hit: RedirectHit): PlayAction {
    this.redirectHits.push(hit);
    this.#changes.notify();
    return redirectTargetAnswer;
  }

  #unassigned(attempt: RecordedAttempt): PlayAction {
    const anonymous = attempt.guid === undefined;
    attempt.response = anonymous
      ? 'answered 400 (no GSW_MESSAGE_GUID and no ETag)'
      : 'answered 200 (beyond the scenario catalog)';
    attempt.respondedAt = this.now();
    // Kept without the body (its size is in Content-Length); bounded.
    if (this.unassigned.length < MAX_UNASSIGNED_RECORDED)
      this.unassigned.push({ ...attempt, body: new Uint8Array(0), message: undefined });
    this.#changes.notify();
    return anonymous
      ? {
          kind: 'respond',
          status: 400,
          headers: {},
          body: 'no GSW_MESSAGE_GUID in the body and no ETag header',
        }
      : { kind: 'respond', status: 200, headers: {}, body: null };
  }

  #playOf(scenarioId: string): ScenarioPlay {
    const play = this.plays.find((p) => p.scenario.id === scenarioId);
    if (play === undefined)
      badOption(
        'scenarioId',
        `one of this session's scenarios: ${this.scenarios.map((s) => s.id).join(', ')}`,
        scenarioId,
      );
    return play;
  }

  #settled = (p: ScenarioPlay): boolean =>
    p.attempts.length >= expectedOutcome(p.scenario, this.settings).attempts &&
    p.attempts.every(finished);

  isSettled = (): boolean => this.plays.every(this.#settled);

  isScenarioSettled = (scenarioId: string): boolean => this.#settled(this.#playOf(scenarioId));

  waitUntilSettled(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.#changes.waitFor(this.isSettled, timeoutMs, signal);
  }

  waitForScenario(scenarioId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const play = this.#playOf(scenarioId);
    return this.#changes.waitFor(() => play.attempts.every(finished), timeoutMs, signal);
  }

  async waitForFirstAttempt(
    scenarioId: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<number | undefined> {
    const play = this.#playOf(scenarioId);
    const arrived = await this.#changes.waitFor(() => play.attempts.length > 0, timeoutMs, signal);
    return arrived ? play.attempts[0]!.startedAt : undefined;
  }

  onChange(listener: () => void): () => void {
    return this.#changes.subscribe(listener);
  }

  close(): void {
    this.#holds.close();
  }
}

/**
 * Creates a scenario session: one scenario per new GUID in catalog order on {@link ScenarioSession.url},
 * or one scenario per URL with {@link ScenarioSession.urlFor}; plays each attempt's step and records
 * everything for the judge.
 *
 * @example
 * const session = createScenarioSession({ responseTimeout: 1, retryMaxAttempts: 2 });
 * const served = await serveScenarios(session); // or, in-process: setupServer(...scenarioHandlers(session))
 */
export function createScenarioSession(options: ScenarioSessionOptions = {}): ScenarioSession {
  const scenarios = options.scenarios ?? scenarioCatalog;
  checkScenarios(scenarios);
  const issues = new IssueCollector();
  const { responseTimeout, retryMaxAttempts, retryAppliesTo } = options;
  const ocs = ocsSettings({ responseTimeout, retryMaxAttempts, retryAppliesTo }, issues);
  issues.throwIfAny();
  const settings = senderExpectation({ ...ocs!, responseTimeout: ocs!.responseTimeoutSeconds });
  return new Session(scenarios, settings, options.baseUrl ?? 'http://127.0.0.1/cpn');
}
