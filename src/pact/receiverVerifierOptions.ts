import type { IncomingMessage, ServerResponse } from 'node:http';
import { badOption } from '../errors/OptionError.js';
import { parseHttpUrl } from '../http/parseHttpUrl.js';
import { DUPLICATE_STATE } from './contractNames.js';

/** Options of {@link receiverVerifierOptions}. */
export interface ReceiverVerifierOptions {
  /** Your receiver's URL, its real path included: every contract request is sent to that path. */
  readonly url: string;
  /**
   * The state hook of "notification GUID was already received": make your receiver hold this GUID
   * as received, as a first delivery would have (claim it in your store). The GUID is given as it
   * appears in the message (`GSW_MESSAGE_GUID`, and the `ETag`): a store that keys on another form
   * converts it, as the receiver's own code does.
   */
  readonly alreadyReceived: (guid: string) => unknown;
  /**
   * How many times your receiver has handled (handed to its business logic) the notification with
   * this GUID, as it appears in the message. Counted by the time your receiver answers.
   */
  readonly handledCount: (guid: string) => number | Promise<number>;
}

/** The part of an Express request Pact's Verifier hands its `requestFilter` (its body already parsed). */
type FilterRequest = IncomingMessage & { url: string; body?: unknown };
type Next = (error?: unknown) => void;

/** What to spread into `new Verifier({ … })` of `@pact-foundation/pact`. */
export interface ReceiverVerifierSetup {
  readonly providerBaseUrl: string;
  readonly requestFilter: (req: FilterRequest, res: ServerResponse, next: Next) => void;
}

/** The path Pact's Verifier (16 and 17) posts provider-state changes to. */
const STATE_PATH = '/_pactSetup';

/** The contract request under way: its GUID, the handled count before it, and the answer's status. */
interface Current {
  readonly guid: string;
  readonly before: number;
  readonly duplicate: boolean;
  status?: number;
}

interface StateChange {
  readonly action?: string;
  readonly state?: string;
  readonly params?: Record<string, unknown>;
}

const explain = (line: string) => void process.stderr.write(`cpn-kit: ${line}\n`);

/** Drops `Location` from an answer, so the Verifier judges a 3xx as itself instead of following it. */
function withoutLocation(res: ServerResponse, onRedirect: (location: string) => void): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) => {
    if (name.toLowerCase() !== 'location') return setHeader(name, value);
    onRedirect(String(value));
    return res;
  };
}

/** What went wrong with a contract request's effect on the receiver, or undefined when it was right. */
function effectProblem(current: Current, after: number): string | undefined {
  const { guid, before, duplicate, status } = current;
  if (duplicate && after !== before)
    return (
      `provider state "${DUPLICATE_STATE}": the duplicate delivery of ${guid} was handled again ` +
      `(handledCount went from ${before} to ${after}): alreadyReceived(${JSON.stringify(guid)}) ` +
      'changed nothing your receiver looks up. It is given the GUID as it appears in the message; ' +
      'if your store keys on another form, convert it in the hook as your receiver does'
    );
  if (duplicate || status === undefined || status < 200 || status > 299) return undefined;
  if (after === before)
    return (
      `the notification ${guid} was acknowledged (HTTP ${status}) but handledCount stayed at ` +
      `${before}: either your receiver did not hand it to its handler (it would be lost), or ` +
      'handledCount does not count what your handler does'
    );
  if (after > before + 1)
    return `the notification ${guid} was handled ${after - before} times for one delivery`;
  return undefined;
}

/**
 * A failed state change is answered 422: Pact's Verifier fails the interaction at once, where it
 * retries a 5xx with a growing backoff (over a minute with Pact 17) before failing it.
 */
const STATE_FAILED = 422;

const answer = (res: ServerResponse, status: number, body: unknown) => {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
};

/**
 * One verification run as the request filter sees it, in the order Pact's Verifier goes: a state
 * set-up, the contract request, a state teardown, for each interaction in turn.
 */
class VerifierRun {
  #duplicateGuid: string | undefined;
  #current: Current | undefined;
  /** What the last teardown found: a state change Pact's Verifier retries must fail again. */
  #verdict: string | undefined;

  constructor(
    private readonly options: ReceiverVerifierOptions,
    private readonly path: string,
  ) {}

  /** A state set-up: the duplicate state's hook, given the GUID as the message spells it. */
  async setup(change: StateChange, res: ServerResponse, next: Next): Promise<void> {
    this.#current = undefined;
    this.#verdict = undefined;
    this.#duplicateGuid = undefined;
    if (change.state !== DUPLICATE_STATE) return next();
    const guid = String(change.params?.GSW_MESSAGE_GUID);
    try {
      await this.options.alreadyReceived(guid);
    } catch (error) {
      const why = `alreadyReceived(${JSON.stringify(guid)}) failed: ${(error as Error)?.message ?? String(error)}`;
      explain(`provider state "${DUPLICATE_STATE}": ${why}`);
      return answer(res, STATE_FAILED, { error: why });
    }
    this.#duplicateGuid = guid;
    answer(res, 200, {});
  }

  /** A state teardown: the interaction's request had the effect it should have had, or it fails. */
  async teardown(change: StateChange, res: ServerResponse, next: Next): Promise<void> {
    const current = this.#current;
    if (current !== undefined) {
      this.#current = undefined;
      this.#verdict = effectProblem(current, await this.options.handledCount(current.guid));
      if (this.#verdict !== undefined) explain(this.#verdict);
    }
    if (this.#verdict !== undefined) return answer(res, STATE_FAILED, { error: this.#verdict });
    if (change.state === DUPLICATE_STATE) return answer(res, 200, {});
    next();
  }

  /** A contract request: sent to the receiver's path, its handled count noted, its Location dropped. */
  async request(req: FilterRequest, res: ServerResponse, next: Next): Promise<void> {
    const guid = (req.body as { GSW_MESSAGE_GUID?: unknown } | undefined)?.GSW_MESSAGE_GUID;
    const tracked: Current | undefined =
      typeof guid === 'string'
        ? {
            guid,
            before: await this.options.handledCount(guid),
            duplicate: this.#duplicateGuid !== undefined,
          }
        : undefined;
    this.#current = tracked;
    let location: string | undefined;
    withoutLocation(res, (dropped) => (location = dropped));
    res.on('finish', () => {
      if (tracked !== undefined) tracked.status = res.statusCode;
      if (location !== undefined)
        explain(
          `${req.method} ${this.path} answered ${res.statusCode} with Location ${location}: OCS ` +
            'never follows a redirect, and neither does this verification',
        );
    });
    req.url = this.path;
    next();
  }
}

/**
 * The set-up of Pact's own Verifier for the kit's contract (or a team's copy of it) against your
 * receiver, with what a raw Verifier set-up gets wrong put right:
 *
 * - every contract request goes to the URL's path (the contract's example path is `/notifications`);
 * - a redirect is never followed: its `Location` is dropped on the way back, so a 301 or 308 is judged
 *   as the 3xx it is (OCS never follows one), never as the page it points to;
 * - the duplicate-delivery state calls `alreadyReceived` with the GUID as it appears in the message,
 *   and fails (the state change fails, so the interaction fails) when the hook throws, or when the
 *   duplicate was handled again anyway: the hook changed nothing the receiver sees;
 * - every other acknowledged notification must be handled exactly once (`handledCount` up by one),
 *   so a `handledCount` that counts nothing fails too.
 *
 * The Verifier proves the contract only: run `checkReceiver` as well for the refusals (a body that
 * is not JSON must not be acknowledged), redirects and response times.
 *
 * @example
 * await new Verifier({ provider: 'crm-receiver', pactUrls: [contractPath(HTTP_PACT_FILE)],
 *   ...receiverVerifierOptions({ url, alreadyReceived: (guid) => store.claim(guid),
 *   handledCount: (guid) => handled.filter((g) => g === guid).length }) }).verifyProvider();
 */
export function receiverVerifierOptions(options: ReceiverVerifierOptions): ReceiverVerifierSetup {
  const url = parseHttpUrl(options.url, 'url');
  if (typeof options.alreadyReceived !== 'function')
    badOption('alreadyReceived', 'a function (guid) => … that marks the GUID as received', 'none');
  if (typeof options.handledCount !== 'function')
    badOption('handledCount', 'a function (guid) => how many times it was handled', 'none');
  const run = new VerifierRun(options, `${url.pathname}${url.search}`);
  return {
    providerBaseUrl: url.origin,
    requestFilter: (req, res, next) => {
      const change = (req.body ?? {}) as StateChange;
      const work = !req.url.startsWith(STATE_PATH)
        ? run.request(req, res, next)
        : change.action === 'setup'
          ? run.setup(change, res, next)
          : run.teardown(change, res, next);
      work.catch(next);
    },
  };
}
