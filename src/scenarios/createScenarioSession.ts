import { PlayAssigner } from './assignPlay.js';
import { fetchFollowMethod, playStep } from './playStep.js';
import { scenarioCatalog } from './scenarioCatalog.js';
import { expectedOutcome, senderExpectation, stepFor, type Scenario, type SenderExpectation } from './Scenario.js';
import type { Ambiguity, PlayAction, PlayRequest, RecordedAttempt, RedirectHit, ScenarioPlay } from './ScenarioPlay.js';
import { scenarioTiming, type ScenarioTiming } from './scenarioTiming.js';

export type { Ambiguity, PlayAction, PlayRequest, RecordedAttempt, RedirectHit, ScenarioPlay } from './ScenarioPlay.js';

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
  /** Requests without a GUID, and notifications beyond the catalog (the first {@link MAX_UNASSIGNED_RECORDED}, bodies dropped). */
  readonly unassigned: readonly RecordedAttempt[];
  /** Notifications that could have been new ones or retries with a regenerated GUID and timestamp. */
  readonly ambiguities: readonly Ambiguity[];
  /** True when every scenario got at least the attempts a conforming sender makes and all were answered. */
  isSettled(): boolean;
  /** Resolves when settled (true) or after `timeoutMs` (false). */
  waitUntilSettled(timeoutMs: number): Promise<boolean>;
  /** Resolves when no attempt of the scenario is still being answered (true), or after `timeoutMs` (false). */
  waitForScenario(scenarioId: string, timeoutMs: number): Promise<boolean>;
  /** Releases held (no-answer) requests; call when done. */
  close(): void;
  /** Milliseconds since the session started. */
  now(): number;
}

const REDIRECT_SEGMENT = '__redirect-target';

/** How many requests outside the scenarios a session keeps (a long --listen run against a busy OCS must not grow without bound). */
export const MAX_UNASSIGNED_RECORDED = 1000;

/** The body as a JSON object, or undefined (not JSON, or JSON that is not an object). */
function parseBody(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function checkScenarios(scenarios: readonly Scenario[]): void {
  if (scenarios.length === 0) throw new Error('scenarios: expected at least one scenario');
  const ids = new Set<string>();
  for (const s of scenarios) {
    if (ids.has(s.id)) throw new Error(`scenarios: id ${s.id} is used twice`);
    ids.add(s.id);
  }
}

function checkSettings(settings: SenderExpectation): void {
  if (!(settings.responseTimeout > 0) || !Number.isFinite(settings.responseTimeout)) throw new Error(`responseTimeout: expected a number of seconds greater than 0, found ${settings.responseTimeout}`);
  if (!Number.isInteger(settings.retryMaxAttempts) || settings.retryMaxAttempts < 0) throw new Error(`retryMaxAttempts: expected an integer 0 or more, found ${settings.retryMaxAttempts}`);
}

const finished = (a: RecordedAttempt) => a.respondedAt !== undefined || a.clientClosedAt !== undefined;

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
  const settings = senderExpectation({ ...options, responseTimeout: options.responseTimeout ?? 10 });
  checkSettings(settings);
  const timing = scenarioTiming(settings.responseTimeout);
  const started = performance.now();
  const now = () => performance.now() - started;
  let base = new URL(options.baseUrl ?? 'http://127.0.0.1/cpn');
  const basePath = () => base.pathname.replace(/\/+$/, '');
  const plays: ScenarioPlay[] = scenarios.map((scenario) => ({ scenario, attempts: [] }));
  const assigner = new PlayAssigner(plays, settings);
  const redirectHits: RedirectHit[] = [];
  const unassigned: RecordedAttempt[] = [];
  const ambiguities: Ambiguity[] = [];
  const pending = new Set<() => void>();
  const listeners = new Set<() => void>();
  let closed = false;
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };

  /** Waits, or less when the signal aborts or the session closes; resolves true when cut short by the sender. */
  const hold = (ms: number, signal: AbortSignal | undefined) =>
    new Promise<boolean>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pending.delete(done);
        signal?.removeEventListener('abort', done);
        resolve(signal?.aborted === true || closed);
      };
      const timer = setTimeout(done, ms);
      pending.add(done);
      signal?.addEventListener('abort', done);
      if (closed || signal?.aborted) done();
    });

  const serves = (url: URL) =>
    url.origin === base.origin && (url.pathname === basePath() || url.pathname.startsWith(`${basePath()}/`) || (basePath() === '' && url.pathname === '/'));
  const redirectLocation = (id: string) => new URL(`${basePath()}/${REDIRECT_SEGMENT}/${encodeURIComponent(id)}`, base).href;
  const redirectTargetId = (url: URL) => {
    const prefix = `${basePath()}/${REDIRECT_SEGMENT}/`;
    return url.origin === base.origin && url.pathname.startsWith(prefix) ? decodeURIComponent(url.pathname.slice(prefix.length)) : undefined;
  };
  const targetAnswer: PlayAction = { kind: 'respond', status: 200, headers: {}, body: 'redirect target: a conforming sender never gets here' };

  const recordUnassigned = (attempt: RecordedAttempt): PlayAction => {
    const anonymous = attempt.guid === undefined;
    attempt.response = anonymous ? 'answered 400 (no GSW_MESSAGE_GUID and no ETag)' : 'answered 200 (beyond the scenario catalog)';
    attempt.respondedAt = now();
    // Kept without the body (its size is in Content-Length); bounded.
    if (unassigned.length < MAX_UNASSIGNED_RECORDED) unassigned.push({ ...attempt, body: new Uint8Array(0), message: undefined });
    changed();
    return anonymous
      ? { kind: 'respond', status: 400, headers: {}, body: 'no GSW_MESSAGE_GUID in the body and no ETag header' }
      : { kind: 'respond', status: 200, headers: {}, body: null };
  };

  async function handle(request: PlayRequest): Promise<PlayAction> {
    const startedAt = request.arrivedAt !== undefined ? request.arrivedAt - started : now();
    const url = new URL(request.url);
    const targetOf = redirectTargetId(url);
    if (targetOf !== undefined) {
      redirectHits.push({ scenarioId: targetOf, method: request.method, url: request.url, at: startedAt });
      changed();
      return targetAnswer;
    }
    const forcedId = serves(url) ? decodeURIComponent(url.pathname.slice(basePath().length + 1)) : '';
    const forced = forcedId === '' ? undefined : plays.find((p) => p.scenario.id === forcedId);
    if (forcedId !== '' && forced === undefined) {
      return { kind: 'respond', status: 404, headers: {}, body: `no scenario ${JSON.stringify(forcedId)}; known: ${scenarios.map((s) => s.id).join(', ')}` };
    }
    const message = parseBody(request.body);
    const bodyGuid = message?.GSW_MESSAGE_GUID;
    const guid = typeof bodyGuid === 'string' && bodyGuid !== '' ? bodyGuid : request.headers.etag || undefined;
    const { play, ambiguity } = assigner.assign(forced, guid, message);
    if (ambiguity !== undefined) ambiguities.push(ambiguity);
    const attempt: RecordedAttempt = {
      index: play?.attempts.length ?? 0,
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
      message,
      guid,
      startedAt,
      response: '',
    };
    request.signal?.addEventListener('abort', () => {
      if (attempt.respondedAt === undefined) attempt.clientClosedAt ??= now();
      changed();
    });
    if (play === undefined) return recordUnassigned(attempt);
    play.attempts.push(attempt);
    changed();
    const played = await playStep(stepFor(play.scenario, attempt.index), {
      responseTimeout: settings.responseTimeout,
      timing,
      redirectLocation: redirectLocation(play.scenario.id),
      scenarioId: play.scenario.id,
      hold: (ms) => hold(ms, request.signal),
    });
    attempt.response = played.description;
    const { action } = played;
    if (played.ended) attempt.respondedAt = now();
    if (action.kind === 'respond') attempt.status = action.status;
    changed();
    if (request.redirect === 'follow' && action.kind === 'respond' && action.status >= 300 && action.status < 400) {
      // In-process there is no wire for fetch's follow to be seen on: record what it does on a socket.
      const method = fetchFollowMethod(action.status, request.method);
      redirectHits.push({ scenarioId: play.scenario.id, method, url: redirectLocation(play.scenario.id), at: now(), inferredFromFetchMode: true });
      changed();
      return targetAnswer;
    }
    return action;
  }

  const isSettled = () =>
    plays.every((p) => p.attempts.length >= expectedOutcome(p.scenario, settings).attempts && p.attempts.every(finished));

  const waitFor = (condition: () => boolean, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      if (condition()) return resolve(true);
      const check = () => {
        if (condition()) finish(true);
      };
      const finish = (value: boolean) => {
        clearTimeout(timer);
        listeners.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      listeners.add(check);
    });

  return {
    scenarios,
    settings,
    timing,
    get url() {
      return base.href;
    },
    urlFor: (id) => `${base.origin}${basePath()}/${encodeURIComponent(id)}`,
    setBaseUrl(baseUrl) {
      base = new URL(baseUrl);
    },
    serves: (url) => serves(new URL(url)),
    handle,
    count: scenarios.length,
    plays,
    redirectHits,
    unassigned,
    ambiguities,
    isSettled,
    waitUntilSettled: (timeoutMs) => waitFor(isSettled, timeoutMs),
    waitForScenario(scenarioId, timeoutMs) {
      const play = plays.find((p) => p.scenario.id === scenarioId);
      if (play === undefined) throw new Error(`waitForScenario: no scenario ${JSON.stringify(scenarioId)} in this session`);
      return waitFor(() => play.attempts.every(finished), timeoutMs);
    },
    close() {
      closed = true;
      for (const done of [...pending]) done();
    },
    now,
  };
}
