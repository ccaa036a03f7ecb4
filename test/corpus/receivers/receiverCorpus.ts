/**
 * The corpus of real-world receivers check-receiver is judged against: each one written the way a
 * team writes it with its framework, with the findings check-receiver must fail for it, worked out
 * from what the framework really answers (read in its source under node_modules and seen with curl;
 * `why` says what each receiver answers).
 *
 * Every check sends 20 requests today (28 with --handled-count at a pool of 2: the exactly-once
 * checks' copies), one at a time (OCS's default pool of one connection): 10
 * contract interactions plus the duplicate state's pre-delivery, 2 duplicate-probe deliveries, 3
 * tolerance probes, 2 large notifications (16 KiB and 64 KiB) and 2 refusal probes — all but the
 * first 2 when neither of those got an answer in time.
 */
import { flaskAvailable, start as startFlaskStrictSlashes } from './flaskStrictSlashes.js';
import { pythonAvailable, start as startPythonHttpServer } from './pythonHttpServer.js';
import type { RunningReceiver } from './RunningReceiver.js';
import { debianPackage, type Missing } from '../../support/requirement.js';
import { start as startExpressAcceptsAnything } from './expressAcceptsAnything.js';
import { start as startExpressBearerToken, TOKEN } from './expressBearerToken.js';
import { start as startExpressCampaignHeader } from './expressCampaignHeader.js';
import { start as startExpressConformant } from './expressConformant.js';
import { start as startExpressDuplicate409 } from './expressDuplicate409.js';
import { start as startExpressLoginRedirect } from './expressLoginRedirect.js';
import { start as startExpressRateLimited } from './expressRateLimited.js';
import { start as startExpressReferenceBehindJson } from './expressReferenceBehindJson.js';
import { start as startExpressSignInPage } from './expressSignInPage.js';
import { start as startExpressSmallBodyLimit } from './expressSmallBodyLimit.js';
import { start as startExpressStatusNames } from './expressStatusNames.js';
import { start as startExpressWrongPath } from './expressWrongPath.js';
import { start as startFastifyConformant } from './fastifyConformant.js';
import { start as startFastifyIntColumns } from './fastifyIntColumns.js';
import { start as startFastifyReference } from './fastifyReference.js';
import { start as startFastifySlow } from './fastifySlow.js';
import { start as startHonoTrailingSlash } from './honoTrailingSlash.js';
import { start as startHung } from './hung.js';
import { start as startKoaNoValidation } from './koaNoValidation.js';
import { start as startKoaReference } from './koaReference.js';
import { start as startExpressNoDedupe } from './expressNoDedupe.js';
import { start as startExpressRacyDedupe } from './expressRacyDedupe.js';
import { start as startExpressReferenceOnce } from './expressReferenceOnce.js';
import { start as startExpressWrongKey } from './expressWrongKey.js';

export type { RunningReceiver } from './RunningReceiver.js';

export interface CorpusReceiver {
  /** The kind, e.g. `express-login-redirect` (a variant adds words in parentheses). */
  readonly name: string;
  readonly start: () => Promise<RunningReceiver>;
  /** Extra `cpn-kit check-receiver` flags, e.g. `['--response-timeout', '2']`. */
  readonly flags: readonly string[];
  /**
   * Its effects can be counted: check-receiver runs with `--handled-count` (the receiver's own
   * command), so the exactly-once checks are judged instead of SKIPped.
   */
  readonly exactlyOnce?: boolean;
  /** Whether check-receiver must pass it (exit 0, no finding failed). */
  readonly conformant: boolean;
  readonly expect: {
    /** Exactly the finding ids that must fail; every other finding must pass. */
    readonly failing: readonly string[];
    /**
     * The first finding's summary, when every request shares one cause (then `common-cause` fails),
     * or a rate limit refused some (then `rate-limit` fails; see `leadingId`).
     */
    readonly leading?: RegExp;
    /** The first finding's id, when `leading` is given; default `common-cause`. */
    readonly leadingId?: 'common-cause' | 'rate-limit';
    /** HTTP requests that reach the app; default all of them (see `REQUESTS_PER_RUN`). */
    readonly requests?: number;
    /** A receiver slow past the timeout, or hung: judged in at most 2 × the response timeout + 5 s. */
    readonly bounded?: boolean;
    /** Findings that cannot be judged (skipped): the refusal probes when every request got the same answer. */
    readonly skipped?: readonly string[];
  };
  /**
   * What `check-receiver --explore` finds in a receiver the fixed checks pass: exactly the explore
   * findings that fail, each with what its summary names (the smallest failing body's change and
   * the answer it got).
   */
  readonly explore?: Readonly<Record<string, RegExp>>;
  /** What the receiver answers and why, as observed. */
  readonly why: string;
  /** What the receiver needs that this machine lacks (Flask), if anything; absent: nothing. */
  readonly missing?: () => Missing | undefined;
}

/**
 * One finding per interaction of contracts/ocs-contact-processed-crm-receiver.json: `pact-<slug of
 * its description>`.
 */
export const PACT_DUPLICATE = 'pact-a-duplicate-delivery-of-an-already-received-notification';
export const PACT_FINDINGS = [
  PACT_DUPLICATE,
  'pact-a-notification-from-a-cx-contact-lifo-campaign-group',
  'pact-a-notification-from-a-predictive-campaign-group',
  'pact-a-notification-with-a-vendor-extended-call-result',
  'pact-a-notification-with-every-optional-field',
  'pact-a-notification-with-only-the-mandatory-fields',
  'pact-a-notification-with-user-defined-fields',
  'pact-a-voice-notification',
  'pact-an-email-notification',
  'pact-an-sms-notification',
] as const;

/** The findings that a valid notification of 16 KiB and one of 64 KiB are acknowledged. */
export const LARGE_FINDINGS = [
  'accepts-large-notification',
  'accepts-largest-notification',
] as const;

/** The findings that need a valid notification acknowledged with 2xx. */
export const ACKNOWLEDGE_FINDINGS = [
  ...PACT_FINDINGS,
  'duplicate-acknowledged',
  'accepts-unknown-user-fields',
  'accepts-vendor-enum-values',
  'accepts-unknown-gsw-fields',
  ...LARGE_FINDINGS,
] as const;

/** The findings that need a bad body refused with 4xx (neither 2xx nor 3xx, nor 429, nor no answer). */
export const REFUSE_FINDINGS = ['rejects-unparseable-body', 'rejects-missing-mandatory'] as const;

/**
 * For a receiver that answered neither of the first two requests in time: the rest are not sent, so
 * every check but the common cause and the response time is skipped.
 */
const NOT_SENT = [...ACKNOWLEDGE_FINDINGS, ...REFUSE_FINDINGS];

/**
 * For the receivers that answer every request alike (401, 404, a redirect, no answer): every valid
 * notification fails its check, the common cause leads, and the refusal probes are not judged (their
 * answer says nothing about the body).
 */
const everyRequestAlike = [...ACKNOWLEDGE_FINDINGS, 'common-cause'];

/** The exactly-once checks, judged with --handled-count (SKIPs without). */
export const ONCE_FINDINGS = [
  'exactly-once-duplicate',
  'exactly-once-retry-race',
  'exactly-once-burst',
  'exactly-once-distinct',
  'exactly-once-whole-run',
] as const;

/**
 * The flags of the exactly-once receivers: two connections (so copies go at once), and a short
 * timeout (the race check waits for the first delivery's handling up to it).
 */
const ONCE_FLAGS = ['--response-timeout', '2', '--pool-size', '2'];

/**
 * Requests a run with --handled-count at a pool of 2 sends: the 20, and 2 for each of the copy after
 * the answer, the race, the burst and the two notifications of one call attempt.
 */
const ONCE_REQUESTS = 28;

/**
 * The slow receiver's delay when it must answer in time: a fifth of a 3 s response timeout (with a
 * pool of 4 connections, the check then sends two requests at a time).
 */
const SLOW_IN_TIME_MS = 600;

/** The slow receiver's delay when it must miss a 1 s response timeout, by far. */
const SLOW_OVER_TIMEOUT_MS = 4000;

export const receiverCorpus: readonly CorpusReceiver[] = [
  {
    name: 'express-conformant',
    start: startExpressConformant,
    flags: [],
    conformant: true,
    expect: { failing: [] },
    why:
      'express.json + validator + Set: 200 (again for a retry), 400 for broken JSON ' +
      '(express.json) and for missing fields, 415 without JSON Content-Type',
  },
  {
    name: 'express-accepts-anything',
    start: startExpressAcceptsAnything,
    flags: [],
    conformant: false,
    expect: { failing: [...REFUSE_FINDINGS] },
    why:
      'express.text({ type: \'*/*\' }) + res.sendStatus(200): 200 "OK" to everything, ' +
      'garbage and missing fields included',
  },
  {
    name: 'express-login-redirect',
    start: startExpressLoginRedirect,
    flags: [],
    conformant: false,
    expect: {
      failing: [...everyRequestAlike, 'no-redirect'],
      skipped: REFUSE_FINDINGS,
      // Express sends the Location as given: "/login" (relative); the summary may show it resolved.
      leading: /the URL redirects to (?:http:\/\/127\.0\.0\.1:\d+)?\/login\b/,
    },
    why:
      "auth middleware before the body parser, res.redirect('/login'): 302 Found, Location " +
      '"/login" (relative), body "Found. Redirecting to /login", to every request',
  },
  {
    name: 'express-bearer-token',
    start: startExpressBearerToken,
    flags: ['--header', `Authorization: Bearer ${TOKEN}`],
    conformant: true,
    expect: { failing: [] },
    why: 'with the token: as express-conformant (200 / 200 for a retry / 400 / 415)',
  },
  {
    name: 'express-bearer-token (no --header)',
    start: startExpressBearerToken,
    flags: [],
    conformant: false,
    expect: {
      failing: everyRequestAlike,
      skipped: REFUSE_FINDINGS,
      leading: /every request got 401\b.*--header/,
    },
    why:
      'token checked before the body parser: 401 with WWW-Authenticate: Bearer ' +
      'realm="crm-notifications" to every request, garbage included',
  },
  {
    name: 'express-bearer-token (a wrong token)',
    start: startExpressBearerToken,
    flags: ['--header', 'Authorization: Bearer not-the-token'],
    conformant: false,
    expect: {
      failing: everyRequestAlike,
      skipped: REFUSE_FINDINGS,
      // The header was given: the hint is about the token, never "use --header".
      leading:
        /^every request got 401: the headers given \(authorization\) were sent with every request and refused \(WWW-Authenticate: Bearer realm="crm-notifications", error="invalid_token"\): is the token valid for this endpoint, with the scheme it expects\?; it answered: \{"error":"invalid bearer token"\}$/,
    },
    why: 'the same receiver given a token it does not know: 401 to every request',
  },
  {
    name: 'express-duplicate-409',
    start: startExpressDuplicate409,
    flags: [],
    conformant: false,
    expect: { failing: [PACT_DUPLICATE, 'duplicate-acknowledged'] },
    why:
      '201 Created (Location /notifications/<guid>) for a new GUID, 409 Conflict for a GUID ' +
      'already stored; 400 / 415 otherwise',
  },
  {
    name: 'fastify-conformant',
    start: startFastifyConformant,
    flags: [],
    conformant: true,
    expect: { failing: [] },
    why:
      "Fastify's parser: 400 FST_ERR_CTP_INVALID_JSON_BODY for broken JSON, 400 " +
      'FST_ERR_CTP_EMPTY_JSON_BODY for an empty body, 415 FST_ERR_CTP_INVALID_MEDIA_TYPE ' +
      'without Content-Type (text/plain has a default parser: the validator answers 400); validator 400, Set 200',
  },
  {
    name: 'fastify-slow',
    // Slow, still in time: of the 4 connections OCS's pool allows, the check uses as few as keep a
    // receiver that works one request at a time within half the timeout.
    start: () => startFastifySlow({ delayMs: SLOW_IN_TIME_MS }),
    flags: ['--response-timeout', '3', '--pool-size', '4'],
    conformant: true,
    expect: { failing: [] },
    why:
      `200 after ${SLOW_IN_TIME_MS} ms for each new valid notification (within 3 s); a ` +
      `retried GUID and refusals (400) at once`,
  },
  {
    name: 'fastify-slow (over a 1 s response timeout)',
    start: () => startFastifySlow({ delayMs: SLOW_OVER_TIMEOUT_MS }),
    flags: ['--response-timeout', '1'],
    conformant: false,
    expect: {
      // The first two requests (two new notifications) time out: one at a time, as OCS's pool of
      // one sends them, each of the rest would take the whole second too, so they are not sent.
      failing: ['common-cause', 'response-time'],
      skipped: NOT_SENT,
      leading:
        /^none of the first 2 requests got an answer within the response timeout \(1 s\): the receiver is too slow for OCS, or hung; the other requests were not sent/,
      bounded: true,
      requests: 2,
    },
    why:
      `200 after ${SLOW_OVER_TIMEOUT_MS} ms for a new valid notification: the first two requests ` +
      `(new notifications) are given up after 1 s each`,
  },
  {
    name: 'koa-no-validation',
    start: startKoaNoValidation,
    flags: [],
    conformant: false,
    expect: { failing: ['rejects-missing-mandatory'] },
    why:
      '@koa/bodyparser (co-body, strict): 400 "Bad Request" for broken JSON (SyntaxError ' +
      'with status 400); 200 {"ok":true} for any JSON, missing fields included',
  },
  {
    name: 'hono-trailing-slash',
    start: startHonoTrailingSlash,
    flags: [],
    conformant: false,
    expect: {
      failing: everyRequestAlike,
      skipped: REFUSE_FINDINGS,
      leading: /every request got 404\b.*check the path/,
    },
    why:
      'appendTrailingSlash() redirects only GET and HEAD (301, absolute Location ' +
      '.../notifications/); a POST to /notifications gets Hono\'s 404 "404 Not Found" ' +
      '(text/plain), every request alike',
  },
  {
    name: 'flask-strict-slashes',
    start: startFlaskStrictSlashes,
    flags: [],
    conformant: false,
    expect: {
      failing: [...everyRequestAlike, 'no-redirect'],
      skipped: REFUSE_FINDINGS,
      leading: /the URL redirects to http:\/\/127\.0\.0\.1:\d+\/notifications\//,
    },
    why:
      'Werkzeug 2.2 routing (strict_slashes): 308 PERMANENT REDIRECT, Location ' +
      'http://127.0.0.1:PORT/notifications/ (absolute), Connection: close, before the view ' +
      'reads the body, to every request',
    missing: () => debianPackage('python3-flask', flaskAvailable()),
  },
  {
    name: 'hung',
    start: startHung,
    flags: ['--response-timeout', '2'],
    conformant: false,
    expect: {
      failing: ['common-cause', 'response-time'],
      skipped: NOT_SENT,
      leading: /^none of the first 2 requests got an answer within the response timeout \(2 s\)/,
      bounded: true,
      requests: 2,
    },
    why:
      'reads every request and never answers: the first two are given up at the timeout, the ' +
      'rest not sent (no-redirect passes: no answer at all)',
  },
  {
    name: 'python-http-server (backlog 5, one connection at a time)',
    start: startPythonHttpServer,
    // A tight timeout: a connection attempt the listen backlog dropped is retried by the kernel
    // after 1 s, so one more connection than the receiver can queue fails response-time here.
    flags: ['--response-timeout', '1'],
    conformant: true,
    expect: { failing: [] },
    why:
      'http.server.HTTPServer (socketserver: listen backlog 5, one connection at a time, HTTP/1.0 so ' +
      'a connection per request): 200 after 20 ms for a valid notification (again for a retry), ' +
      '400 for broken JSON and missing fields, 415 without JSON; no body limit',
    missing: () => debianPackage('python3', pythonAvailable()),
  },
  {
    name: 'express-small-body-limit',
    start: startExpressSmallBodyLimit,
    flags: [],
    conformant: false,
    expect: { failing: [...LARGE_FINDINGS] },
    why:
      "express.json({ limit: '2kb' }): 413 PayloadTooLargeError for the 16 KiB and 64 KiB " +
      'notifications (from Content-Length, unread); as express-conformant below 2 kB',
  },
  {
    name: 'express-sign-in-page',
    start: startExpressSignInPage,
    flags: [],
    conformant: false,
    expect: {
      failing: everyRequestAlike,
      skipped: REFUSE_FINDINGS,
      leading:
        /^every answer is the same HTML page titled "Sign in · Acme SSO" \(HTTP 200, text\/html; charset=utf-8\), to the bodies that must be refused too: a sign-in gateway in front of the endpoint\?/,
    },
    why:
      'a single sign-on agent before everything: 200 text/html "Sign in · Acme SSO" (a form ' +
      'posting a fresh SAMLRequest) to every request without its session cookie, garbage included',
  },
  {
    name: 'express-rate-limited',
    start: startExpressRateLimited,
    flags: [],
    conformant: false,
    expect: {
      // One at a time, in the checks' order: the 13th request onwards is refused, whatever its body.
      failing: [
        'rate-limit',
        'duplicate-acknowledged',
        'accepts-unknown-user-fields',
        'accepts-vendor-enum-values',
        'accepts-unknown-gsw-fields',
        ...LARGE_FINDINGS,
      ],
      skipped: REFUSE_FINDINGS,
      leadingId: 'rate-limit',
      leading:
        /^8 of 20 requests got HTTP 429 Too Many Requests \(Retry-After: 60\), the first after 12 were answered: a rate limit in front of the endpoint\?/,
    },
    why:
      'express-rate-limit (draft-8 headers) at 12 requests a minute: 429 "Too many requests, ' +
      'please try again later." with Retry-After: 60 from the 13th request on; as ' +
      'express-conformant before',
  },
  {
    name: 'express-wrong-path',
    start: startExpressWrongPath,
    flags: [],
    conformant: false,
    expect: {
      failing: everyRequestAlike,
      skipped: REFUSE_FINDINGS,
      leading: /every request got 404\b.*check the path/,
    },
    why:
      'mounted at /ocs/contact-processed (JSON parsed in its router): 404 "Cannot POST ' +
      '/notifications" (HTML) from the final handler to every request, garbage included',
  },
  // The kit's reference receiver mounted in frameworks that read the body first. --response-timeout 2
  // changes nothing for a receiver that answers in milliseconds, but a regression (the handler waiting
  // for a body already consumed) then fails within seconds instead of minutes.
  {
    name: 'express-reference-behind-json',
    start: startExpressReferenceBehindJson,
    flags: ['--response-timeout', '2'],
    conformant: true,
    expect: { failing: [] },
    why:
      'express.json then app.post(path, receiver.handler): the handler gets (req, res, next) ' +
      'with the body in req.body; broken JSON is answered 400 by express.json before the handler',
  },
  {
    name: 'fastify-reference',
    start: startFastifyReference,
    flags: ['--response-timeout', '2'],
    conformant: true,
    expect: { failing: [] },
    why:
      'reply.hijack(); receiver.handler(request.raw, reply.raw, request.body): the parsed ' +
      "object; broken JSON is answered 400 by Fastify's parser before the handler",
  },
  {
    name: 'koa-reference',
    start: startKoaReference,
    flags: ['--response-timeout', '2'],
    conformant: true,
    expect: { failing: [] },
    why:
      'ctx.respond = false; receiver.handler(ctx.req, ctx.res, ctx.request.rawBody ?? ' +
      'ctx.request.body): the raw JSON text; broken JSON is answered 400 by @koa/bodyparser before the handler',
  },
  // Receivers the fixed checks pass, with a defect only generated requests reach (--explore).
  {
    name: 'express-campaign-header',
    start: startExpressCampaignHeader,
    flags: [],
    conformant: true,
    expect: { failing: [] },
    explore: {
      'explore-non-ascii-text':
        /\(GSW_CAMPAIGN_NAME "[^"]*[^\x00-\xff][^"]*"\) got HTTP 500; expected a 2xx$/u,
    },
    why:
      'express-conformant plus res.set(\'X-Campaign\', GSW_CAMPAIGN_NAME): 500 {"error":"Invalid ' +
      'character in header content [\\"X-Campaign\\"]"} for a campaign name with a character past ' +
      "U+00FF; the fixtures' names are ASCII",
  },
  {
    name: 'fastify-int-columns',
    start: startFastifyIntColumns,
    flags: [],
    conformant: true,
    expect: { failing: [] },
    explore: {
      'explore-boundary-numbers':
        /\(GSW_\w+ 2147483648( \(past the known table\))?\) got HTTP 400; expected a 2xx$/,
    },
    why:
      'Fastify route schema with maximum 2147483647 on every integer field (INT columns): 400 ' +
      'FST_ERR_VALIDATION "body/GSW_… must be <= 2147483647" past it; the fixtures\' integers are small',
  },
  {
    name: 'express-status-names',
    start: startExpressStatusNames,
    flags: [],
    conformant: true,
    expect: { failing: [] },
    explore: {
      'explore-newer-release':
        /\(GSW_RECORD_STATUS 10 \(past the known table\)\) got HTTP 500; expected a 2xx$/,
      'explore-boundary-numbers':
        /\(GSW_RECORD_STATUS -?\d+ \(past the known table\)\) got HTTP 500; expected a 2xx$/,
    },
    why:
      'express-conformant plus a lookup of GSW_RECORD_STATUS\'s name: 500 {"error":"Cannot read ' +
      "properties of undefined (reading 'label')\"} for a status past the table; the fixtures' " +
      'vendor values are in GSW_CALL_RESULT and GSW_OPTIMIZE_BY',
  },
  // Exactly once: over HTTP each of these is conformant; their effects are counted from their own
  // store (a log grepped, a debug endpoint with curl).
  {
    name: 'express-no-dedupe',
    start: startExpressNoDedupe,
    flags: ONCE_FLAGS,
    exactlyOnce: true,
    conformant: false,
    expect: {
      failing: [
        'exactly-once-duplicate',
        'exactly-once-retry-race',
        'exactly-once-burst',
        'exactly-once-whole-run',
      ],
      requests: ONCE_REQUESTS,
    },
    why:
      'express.json + validator, every valid notification written (20 ms) and 200, a retry too: ' +
      'each copy is a second write; counted with curl from GET /debug/handled/<guid>',
  },
  {
    name: 'express-racy-dedupe',
    start: startExpressRacyDedupe,
    flags: ONCE_FLAGS,
    exactlyOnce: true,
    conformant: false,
    expect: {
      failing: ['exactly-once-retry-race', 'exactly-once-burst'],
      requests: ONCE_REQUESTS,
    },
    why:
      'seen.has(guid), then await the write (20 ms), then seen.add(guid): a retry after the answer ' +
      'is a duplicate, a copy while the first is written is written again; counted with grep -c',
  },
  {
    name: 'express-wrong-key',
    start: startExpressWrongKey,
    flags: ONCE_FLAGS,
    exactlyOnce: true,
    conformant: false,
    expect: {
      // The contract's voice notification shares its call attempt with the duplicate-state one, sent
      // before it: lost as well.
      failing: ['exactly-once-distinct', 'exactly-once-whole-run'],
      requests: ONCE_REQUESTS,
    },
    why:
      'dedupe keyed on GSW_CALL_ATTEMPT_GUID: a second notification of the same call attempt is ' +
      'answered 200 "duplicate" and never written; counted with grep -c',
  },
  {
    name: 'express-reference-once',
    start: startExpressReferenceOnce,
    flags: ONCE_FLAGS,
    exactlyOnce: true,
    conformant: true,
    expect: { failing: [], requests: ONCE_REQUESTS },
    why:
      'the reference receiver behind express.json, onNotification a 20 ms write: its GUID is ' +
      'claimed before the write, so no copy is handed over twice; counted with grep -c',
  },
];
