import { http, HttpResponse, type RequestHandler } from 'msw';
import { normalizeHeaders } from '../message/validateNotificationRequest.js';
import { scenarioCatalog } from './scenarioCatalog.js';
import { expectedOutcome, senderExpectation, stepCondition, stepFor, type Scenario, type SenderExpectation } from './Scenario.js';
import { scenarioTiming, type ScenarioTiming } from './scenarioTiming.js';

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
  respondedAt?: number;
  /** When the sender closed the connection before the answer was complete. */
  clientClosedAt?: number;
  /** Set when this attempt was recognised as a retry by its content although its GUID differs. */
  readonly matchedByContent?: boolean;
}

/** A request that followed a redirect's Location. */
export interface RedirectHit {
  readonly scenarioId: string;
  readonly method: string;
  readonly url: string;
  readonly at: number;
}

/** One scenario's recorded play. */
export interface ScenarioPlay {
  readonly scenario: Scenario;
  readonly attempts: RecordedAttempt[];
}

/** Options of {@link createScenarioSession}. */
export interface ScenarioSessionOptions extends Partial<SenderExpectation> {
  /**
   * Where senders POST. Any path below it counts too; `<baseUrl>/<scenario id>` forces that scenario.
   * Default `http://127.0.0.1/cpn` (serveScenarios replaces the origin with the real one).
   */
  readonly baseUrl?: string;
  /** The scenarios, in play order; default the whole {@link scenarioCatalog}. */
  readonly scenarios?: readonly Scenario[];
  /** The sender's response timeout in seconds (scales the slow and no-answer steps); default 10. */
  readonly responseTimeout?: number;
}

/** A set of scenarios with MSW handlers, the recording of what a sender did, and its settings. */
export interface ScenarioSession {
  /** MSW handlers: give them to `setupServer(...)`, or serve them on a socket with serveScenarios. */
  readonly handlers: RequestHandler[];
  readonly scenarios: readonly Scenario[];
  readonly settings: SenderExpectation;
  readonly timing: ScenarioTiming;
  /** The URL senders POST to. */
  readonly url: string;
  /** The URL that forces one scenario, whatever the GUID. */
  urlFor(scenarioId: string): string;
  /**
   * Moves the session to another origin (used when served on a socket whose port is known late).
   * `onWire` says requests now arrive over a socket, so their Content-Length is observable; in-process
   * (under msw/node) fetch adds Content-Length only on the wire, so the session derives it from the body.
   */
  setBaseUrl(baseUrl: string, onWire?: boolean): void;
  /** How many distinct notifications the scenarios need. */
  readonly count: number;
  readonly plays: readonly ScenarioPlay[];
  readonly redirectHits: readonly RedirectHit[];
  /** Requests without a GUID, and notifications beyond the catalog (the first {@link MAX_UNASSIGNED_RECORDED}, bodies dropped). */
  readonly unassigned: readonly RecordedAttempt[];
  /** True when every scenario got at least the attempts a conforming sender makes and all were answered. */
  isSettled(): boolean;
  /** Resolves when settled (true) or after `timeoutMs` (false). */
  waitUntilSettled(timeoutMs: number): Promise<boolean>;
  /** Releases held (no-answer) requests; call when done. */
  close(): void;
  /** Milliseconds since the session started. */
  now(): number;
}

const REDIRECT_SEGMENT = '__redirect-target';

/** How many requests outside the scenarios a session keeps (a long --listen run against a busy OCS must not grow without bound). */
export const MAX_UNASSIGNED_RECORDED = 1000;

/** The body's JSON without GSW_MESSAGE_GUID and GSW_TIMESTAMP: equal for a retry whose GUID was (wrongly) regenerated. */
function contentFingerprint(body: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (body === undefined) return undefined;
  const rest = Object.entries(body).filter(([k]) => k !== 'GSW_MESSAGE_GUID' && k !== 'GSW_TIMESTAMP');
  rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(rest);
}

/** The body as a JSON object, or undefined (not JSON, or JSON that is not an object). */
function parseBody(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates a scenario session: the catalog as MSW handlers that assign one scenario to each new
 * GUID in order, play each attempt's step, and record everything for {@link judgeSession}.
 *
 * @example
 * const session = createScenarioSession({ baseUrl: 'http://receiver.test/cpn', responseTimeout: 1, retryMaxAttempts: 2 });
 * const server = setupServer(...session.handlers); // msw/node
 */
export function createScenarioSession(options: ScenarioSessionOptions = {}): ScenarioSession {
  const scenarios = options.scenarios ?? scenarioCatalog;
  if (scenarios.length === 0) throw new Error('scenarios: expected at least one scenario');
  const ids = new Set<string>();
  for (const s of scenarios) {
    if (ids.has(s.id)) throw new Error(`scenarios: id ${s.id} is used twice`);
    ids.add(s.id);
  }
  const settings = senderExpectation({ ...options, responseTimeout: options.responseTimeout ?? 10 });
  if (!(settings.responseTimeout > 0)) throw new Error(`responseTimeout: expected a number of seconds greater than 0, found ${settings.responseTimeout}`);
  if (!Number.isInteger(settings.retryMaxAttempts) || settings.retryMaxAttempts < 0) throw new Error(`retryMaxAttempts: expected an integer 0 or more, found ${settings.retryMaxAttempts}`);
  const timing = scenarioTiming(settings.responseTimeout);
  const started = performance.now();
  const now = () => performance.now() - started;
  let base = new URL(options.baseUrl ?? 'http://127.0.0.1/cpn');
  const basePath = () => base.pathname.replace(/\/+$/, '');
  const plays: ScenarioPlay[] = scenarios.map((scenario) => ({ scenario, attempts: [] }));
  const byGuid = new Map<string, ScenarioPlay>();
  const fingerprints = new Map<ScenarioPlay, string>();
  const redirectHits: RedirectHit[] = [];
  const unassigned: RecordedAttempt[] = [];
  const pending = new Set<() => void>();
  const listeners = new Set<() => void>();
  let nextPlay = 0;
  let closed = false;
  let onWire = false;
  const changed = () => {
    for (const l of listeners) l();
  };

  const hold = (ms: number, signal: AbortSignal | undefined) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pending.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pending.add(done);
      signal?.addEventListener('abort', done);
      if (closed || signal?.aborted) done();
    });

  const inSession = (url: URL) => url.origin === base.origin && (url.pathname === basePath() || url.pathname.startsWith(`${basePath()}/`) || (basePath() === '' && url.pathname === '/'));

  const redirectHandler = http.all(
    ({ request }) => {
      const url = new URL(request.url);
      return url.origin === base.origin && url.pathname.startsWith(`${basePath()}/${REDIRECT_SEGMENT}/`);
    },
    ({ request }) => {
      const url = new URL(request.url);
      redirectHits.push({ scenarioId: decodeURIComponent(url.pathname.slice(`${basePath()}/${REDIRECT_SEGMENT}/`.length)), method: request.method, url: request.url, at: now() });
      changed();
      return new HttpResponse('redirect target: a conforming sender never gets here', { status: 200 });
    },
  );

  const notificationHandler = http.all(
    ({ request }) => inSession(new URL(request.url)),
    async ({ request }) => {
      const startedAt = now();
      const body = new Uint8Array(await request.arrayBuffer());
      const headers = normalizeHeaders(request.headers);
      // In-process there is no wire: fetch computes Content-Length only when it writes to a socket.
      if (!onWire && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) headers['content-length'] = String(body.byteLength);
      const parsed = parseBody(body);
      const bodyGuid = parsed?.GSW_MESSAGE_GUID;
      const guid = typeof bodyGuid === 'string' && bodyGuid !== '' ? bodyGuid : headers.etag || undefined;
      const url = new URL(request.url);
      const forcedId = decodeURIComponent(url.pathname.slice(basePath().length + 1));
      let play: ScenarioPlay | undefined;
      let matchedByContent = false;
      if (forcedId !== '') play = plays.find((p) => p.scenario.id === forcedId);
      if (play === undefined && forcedId !== '') {
        return new HttpResponse(`no scenario ${JSON.stringify(forcedId)}; known: ${scenarios.map((s) => s.id).join(', ')}`, { status: 404 });
      }
      const fingerprint = contentFingerprint(parsed);
      if (play === undefined && guid !== undefined) play = byGuid.get(guid);
      if (play === undefined && guid !== undefined && fingerprint !== undefined) {
        // A new GUID with the content of a notification that still owes a retry: a retry whose GUID was
        // regenerated. (Distinct notifications with identical content apart from GUID and timestamp,
        // sent while one still owes a retry, would be mistaken for such retries.)
        play = plays.find((p) => {
          const last = p.attempts.at(-1);
          return (
            last !== undefined &&
            fingerprints.get(p) === fingerprint &&
            stepCondition(stepFor(p.scenario, last.index)) !== undefined &&
            p.attempts.length < expectedOutcome(p.scenario, settings).attempts
          );
        });
        matchedByContent = play !== undefined;
      }
      if (play === undefined && guid !== undefined && nextPlay < plays.length) play = plays[nextPlay++];
      if (play !== undefined && guid !== undefined && !byGuid.has(guid)) byGuid.set(guid, play);
      if (play !== undefined && fingerprint !== undefined && !fingerprints.has(play)) fingerprints.set(play, fingerprint);
      const attempt: RecordedAttempt = {
        index: play?.attempts.length ?? 0,
        method: request.method,
        url: request.url,
        headers,
        body,
        message: parsed,
        guid,
        startedAt,
        response: '',
        ...(matchedByContent ? { matchedByContent } : {}),
      };
      const signal = request.signal as AbortSignal | undefined;
      signal?.addEventListener('abort', () => {
        if (attempt.respondedAt === undefined) attempt.clientClosedAt ??= now();
        changed();
      });
      if (play === undefined) {
        attempt.response = guid === undefined ? 'answered 400 (no GSW_MESSAGE_GUID and no ETag)' : 'answered 200 (beyond the scenario catalog)';
        attempt.respondedAt = now();
        // Kept without the body (its size is in Content-Length); bounded.
        if (unassigned.length < MAX_UNASSIGNED_RECORDED) unassigned.push({ ...attempt, body: new Uint8Array(0), message: undefined });
        changed();
        return guid === undefined
          ? new HttpResponse('no GSW_MESSAGE_GUID in the body and no ETag header', { status: 400 })
          : new HttpResponse(null, { status: 200 });
      }
      play.attempts.push(attempt);
      changed();
      const step = stepFor(play.scenario, attempt.index);
      const respond = (response: Response, description: string): Response => {
        attempt.response = description;
        attempt.respondedAt = now();
        changed();
        return response;
      };
      if (step.kind === 'reset') return respond(HttpResponse.error(), 'dropped the connection');
      if (step.kind === 'no-answer') {
        attempt.response = 'held without answering';
        await hold(timing.noAnswerHoldMs, signal);
        if (attempt.clientClosedAt !== undefined || closed) {
          attempt.response = 'held without answering';
          changed();
          return HttpResponse.error();
        }
        return respond(new HttpResponse('late answer', { status: 200 }), `answered 200 only after ${timing.noAnswerHoldMs} ms`);
      }
      if (step.delayFraction !== undefined) {
        const ms = Math.round(step.delayFraction * settings.responseTimeout * 1000);
        await hold(ms, signal);
        if (attempt.clientClosedAt !== undefined) return HttpResponse.error();
      }
      if (step.status >= 300 && step.status < 400) {
        const location = new URL(`${basePath()}/${REDIRECT_SEGMENT}/${encodeURIComponent(play.scenario.id)}`, base).href;
        return respond(new HttpResponse(null, { status: step.status, headers: { location } }), `answered ${step.status} with Location ${location}`);
      }
      const delayed = step.delayFraction !== undefined ? ` after ${Math.round(step.delayFraction * settings.responseTimeout * 1000)} ms` : '';
      return respond(
        new HttpResponse(step.status === 204 ? null : `scenario ${play.scenario.id}: ${step.status}`, { status: step.status }),
        `answered ${step.status}${delayed}`,
      );
    },
  );

  const isSettled = () =>
    plays.every((p) => {
      const expected = expectedOutcome(p.scenario, settings).attempts;
      if (p.attempts.length < expected) return false;
      return p.attempts.every((a) => a.respondedAt !== undefined || a.clientClosedAt !== undefined);
    });

  return {
    handlers: [redirectHandler, notificationHandler],
    scenarios,
    settings,
    timing,
    get url() {
      return base.href;
    },
    urlFor: (id) => `${base.origin}${basePath()}/${encodeURIComponent(id)}`,
    setBaseUrl(baseUrl, wire = false) {
      base = new URL(baseUrl);
      onWire = wire;
    },
    count: scenarios.length,
    plays,
    redirectHits,
    unassigned,
    isSettled,
    waitUntilSettled(timeoutMs) {
      return new Promise<boolean>((resolve) => {
        if (isSettled()) return resolve(true);
        const check = () => {
          if (!isSettled()) return;
          finish(true);
        };
        const finish = (value: boolean) => {
          clearTimeout(timer);
          listeners.delete(check);
          resolve(value);
        };
        const timer = setTimeout(() => finish(false), timeoutMs);
        listeners.add(check);
      });
    },
    close() {
      closed = true;
      for (const done of [...pending]) done();
    },
    now,
  };
}
