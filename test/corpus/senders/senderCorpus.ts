/*
Library defaults this corpus relies on, and where each was confirmed (installed versions:
axios 1.21.1, got 14.6.6, ky 1.14.3, node-fetch 3.3.2, ofetch 1.5.1, superagent 10.4.2, undici 7.30.2,
Node 20.20 global fetch = bundled undici 6.x, curl 7.88.1, CPython 3.11, requests 2.28.1).

global fetch: redirect 'follow'; 301/302 turn a POST into a GET without body, 303 a GET, 307/308
  re-POST the body; no timeout. Fetch-standard httpRedirectFetch, same code in
  node_modules/undici/lib/web/fetch/index.js. redirect 'manual' returns the 3xx itself in Node.
axios: timeout 0 (node_modules/axios/lib/defaults/index.js); maxRedirects unset, so
  follow-redirects' own 21 (axios/README.md says "maxRedirects: 21, // default", not 5);
  maxRedirects 0 uses plain http with no following, and a timeout rejects with ECONNABORTED
  (axios/lib/adapters/http.js); 301/302 POST and 303 become GET without body, 307/308 resend
  the buffered body (node_modules/follow-redirects/index.js).
got: retry limit 2, methods without POST, statusCodes 408 413 429 500 502 503 504 521 522 524,
  errorCodes incl. ETIMEDOUT ECONNRESET, followRedirect true, throwHttpErrors true, no timeout
  (got/dist/source/core/options.js). Backoff 2^(n-1) s + noise. A 413 without Retry-After is not
  retried. A Retry-After above maxRetryAfter (default: timeout.request) is not retried, so the
  429 + "Retry-After: 1" is retried only because timeout.request is 1000 ms here
  (core/calculate-retry-delay.js, core/index.js). With followRedirect false a 3xx counts as OK
  (core/response.js isResponseOk: up to 399). With throwHttpErrors false, status retries still
  happen and got then resolves with the last response (as-promise/index.js).
ky: retry limit 2, methods without post, statusCodes 408 413 429 500 502 503 504, afterStatusCodes
  413 429 503, maxRetryAfter Infinity, backoff 0.3 s * 2^(n-1), retryOnTimeout false
  (ky/distribution/utils/normalize.js). timeout 10000. A TimeoutError is never retried, nor is
  a 413 without Retry-After (ky/distribution/core/Ky.js). Redirects: fetch's 'follow'.
ofetch: on global fetch; retry 0 for a POST, retryStatusCodes 408 409 425 429 500 502 503 504,
  every thrown error retried as a 500 (no response), retryDelay 0, no timeout; only a status of
  400-599 throws, so a 3xx returned by redirect 'manual' resolves. `timeout` arms one
  AbortController before the first attempt; a retry is made with the same options, that signal
  included, and arms no timer of its own: after a timeout the retry is aborted before it is sent,
  after a 5xx it has no timeout (node_modules/ofetch/dist/shared/ofetch.*.mjs, $fetchRaw, onError).
node:http request(): no redirect following, no timeout; a body given to write() with no
  Content-Length set goes out chunked (Transfer-Encoding: chunked), one given to end() alone with
  a Content-Length (node:_http_outgoing).
node-fetch: redirect 'follow', follow 20, User-Agent node-fetch (node-fetch/src/request.js);
  a 303, or a 301/302 to a POST, becomes a GET. A 307/308 resends the body unless the body is
  a stream (node-fetch/src/index.js).
superagent: redirects(5) for non-HEAD; 301/302/303 become GET and drop the data; 307/308 keep
  the method and body (superagent/lib/node/index.js). .retry(n) retries at once, for any method,
  on 408 413 429 500 502 503 504 521 522 524, on ECONNRESET ETIMEDOUT ECONNREFUSED etc., and
  on its own timeouts. No backoff, and Retry-After is ignored (superagent/lib/request-base.js
  _shouldRetry, _retry). It sends no User-Agent.
undici request(): no redirects; maxRedirections throws in undici 7 (undici/lib/core/request.js).
  headersTimeout/bodyTimeout default to 300e3 and must be integers
  (undici/lib/dispatcher/client.js). They run on the 499 ms-tick fast timer
  (undici/lib/dispatcher/client-h1.js TIMEOUT_HEADERS, undici/lib/util/timers.js), so a 1000 ms
  headersTimeout fires about 1.5 s after the request. No User-Agent unless given.
curl (man curl, 7.88.1): no -L means no redirect following. --fail makes only HTTP >= 400 an
  error (exit 22). --retry retries "a timeout, ... HTTP 408, 429, 500, 502, 503 or 504", and
  honours Retry-After since 7.66.0. It does not retry "Empty reply from server" (exit 52)
  without --retry-all-errors. "Setting this delay to zero will make curl use the default
  backoff time" (1 s, then doubling).
Python urllib (CPython 3.11 urllib/request.py HTTPRedirectHandler.redirect_request): for a POST
  it follows 301/302/303 as a GET, dropping Content-Length and Content-Type. It raises HTTPError
  on 307/308. A dropped connection raises http.client.RemoteDisconnected from getresponse(),
  unwrapped, and that is not a URLError (urllib/request.py do_open).
requests (requests/api.py, sessions.py rebuild_method, models.py DEFAULT_REDIRECT_LIMIT 30,
  adapters.py DEFAULT_RETRIES 0): allow_redirects True for POST, timeout None, no retries.
  301 (POST)/302/303 become GET, 307/308 resend the body.
*/

import { followedRedirect } from './followedRedirect.js';

/** A request reached the redirect target (a 3xx was followed), named as the judge names the client's mechanism. */
const followedBy = (mechanism?: string) =>
  followedRedirect('http://127\\.0\\.0\\.1:\\d+/cpn', mechanism);

/** The wording the judge uses in a failing finding's summary, one pattern per kind of defect. */
const summary = {
  /** More attempts than the policy allows (a 3xx/4xx retried, or a retry after success). */
  retried: /^retried after attempt \d+ /,
  /** Exit 0 although the receiver never answered 2xx. */
  reportedDelivered: /^reported the notification as delivered/,
  /** Non-zero exit although the receiver answered 2xx. */
  reportedFailed: /^reported the notification as failed/,
  /** Waited for a held request well past the response timeout. */
  didNotGiveUp: /^did not give up on attempt \d+, which got no answer/,
  /** Abandoned an attempt before the response timeout. */
  gaveUpEarly: /^gave up on attempt \d+ after \d+ ms, before the response timeout/,
  /** Fewer attempts than the policy asks for. */
  notRetried: /^not retried: /,
  /** Waited for the late answer on a retry after its first attempt had given up in time. */
  timeoutFirstAttemptOnly:
    /^did not give up on attempt 2, which got no answer: .*\(attempt 1 gave up in time: is the response timeout set on the first attempt only\?\)/,
  /** Waited for the late answer on a retry that followed a 5xx. */
  noTimeoutOnRetry:
    /^did not give up on attempt 2, which got no answer: .*\(does it set a response timeout, on its retries too\?\)/,
} as const;

/** The wording of a warning (a finding that does not fail the run). */
const warning = {
  /** A body sent chunked, without Content-Length. */
  chunkedBody:
    /^every request: Content-Length header: expected the body length in bytes, as OCS sends it, found none: the body came chunked \(Transfer-Encoding: chunked\)/,
} as const;

/** Something a corpus sender needs beyond Node and the devDependencies. */
export type SenderRequirement = 'python3-requests' | 'curl';

/** One real-world sender program and what check-sender must find in it. */
export interface SenderCorpusEntry {
  /** The file stem under test/corpus/senders/. */
  readonly name: string;
  /** Shell command, run from the repository root. */
  readonly command: string;
  readonly requires?: SenderRequirement;
  /** Extra check-sender flags. */
  readonly flags: string[];
  /** True when check-sender must find no failure at all. */
  readonly conformant: boolean;
  /**
   * Scenario id (or 'sender-process') → the pattern its failing finding's summary matches; every
   * other finding must pass.
   */
  readonly expectedFailures: Record<string, RegExp>;
  /** Finding id → the pattern its warning's summary matches; no other finding may warn. */
  readonly expectedWarnings?: Record<string, RegExp>;
}

const dir = 'test/corpus/senders';
const defaultFlags = (): string[] => ['--retry-max-attempts', '2', '--response-timeout', '1'];
const redirectIds = [
  'redirect-301',
  'redirect-302',
  'redirect-303',
  'redirect-307',
  'redirect-308',
] as const;
/** The same expectation for every redirect scenario (or the ones named). */
const redirects = (pattern: RegExp, ids: readonly string[] = redirectIds): Record<string, RegExp> =>
  Object.fromEntries(ids.map((id) => [id, pattern]));

/*
Where a scenario shows two defects, the expectation is the one the judge reports first: a
followed redirect, then a missing or early timeout, then a wrong exit status, then the attempt
count. The note beside it names the other. Common pairs: a followed redirect whose target
answers 200 also exits 0; a sender with no timeout waits for the held request and so makes 1
attempt where 2 are due; a sender that exits 0 on a 5xx or 4xx may also retry too little or
too much.
*/
export const senderCorpus: readonly SenderCorpusEntry[] = [
  {
    name: 'fetch-naive',
    command: `node ${dir}/fetch-naive.mjs`,
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // No timeout: it waits ~4 s for the held request and gets its 200. Also: 1 attempt where 2 are due.
      'no-answer-then-200': summary.didNotGiveUp,
      'no-answer-always': summary.didNotGiveUp,
      // It retries the 500, then waits ~4 s for the held retry.
      'error-500-then-no-answer': summary.noTimeoutOnRetry,
      // Follows all five: 301/302/303 as a GET without the body, 307/308 as a POST with the body. Also: exit 0.
      ...redirects(followedBy("fetch follows redirects unless redirect: 'manual'")),
    },
  },
  {
    name: 'fetch-conformant',
    command: `node ${dir}/fetch-conformant.mjs`,
    flags: defaultFlags(),
    conformant: true,
    expectedFailures: {},
  },
  {
    name: 'fetch-timeout-first-only',
    command: `node ${dir}/fetch-timeout-first-only.mjs`,
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // Attempt 1 gives up at 1 s, attempt 2 (no signal) waits ~4 s for the late 200. Also: 2
      // attempts where 3 are due, and exit 0 (the late answer was a 200).
      'no-answer-always': summary.timeoutFirstAttemptOnly,
      // The 500 comes at once; the retry has no timeout and waits ~4 s for the late 200.
      'error-500-then-no-answer': summary.noTimeoutOnRetry,
      // Every other scenario passes, no-answer-then-200 included: its retry is answered at once.
    },
  },
  {
    name: 'fetch-timeout-in-ms',
    command: `node ${dir}/fetch-timeout-in-ms.mjs`,
    // Only the scenarios whose verdict does not depend on a race. A timeout of a few
    // milliseconds beats or loses to an immediate answer by chance, and the first attempt usually
    // never leaves the process: fetch loads undici after the timer has started. Only a held
    // answer is always abandoned. 5 s (read as 5 ms) gives the warm retries time to be written,
    // so some attempt reaches the receiver.
    flags: [
      '--retry-max-attempts',
      '2',
      '--response-timeout',
      '5',
      '--scenario',
      'no-answer-then-200,slow-within-timeout',
    ],
    conformant: false,
    expectedFailures: {
      // Each attempt is abandoned a few ms after it reaches the receiver. The exit status is a race
      // (later attempts get a quick 200).
      'no-answer-then-200': summary.gaveUpEarly,
      // Abandoned a few ms in, though the 200 comes at 2.5 s. Also: retried after those aborts (2–3
      // attempts seen where 1 is due).
      'slow-within-timeout': summary.gaveUpEarly,
    },
  },
  {
    name: 'axios-defaults',
    command: `node ${dir}/axios-defaults.mjs`,
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // timeout 0: waits for the held request. Also: 1 attempt where 2 are due.
      'no-answer-then-200': summary.didNotGiveUp,
      'no-answer-always': summary.didNotGiveUp,
      // The program retries the 500, then waits for the held retry.
      'error-500-then-no-answer': summary.noTimeoutOnRetry,
      // follow-redirects: 301/302/303 as a GET without body, 307/308 re-POST the buffered body. Also: exit 0.
      ...redirects(followedBy('axios follows redirects unless maxRedirects: 0')),
    },
  },
  {
    name: 'axios-conformant',
    command: `node ${dir}/axios-conformant.mjs`,
    flags: defaultFlags(),
    conformant: true,
    expectedFailures: {},
  },
  {
    name: 'got-retry-post',
    command: `node ${dir}/got-retry-post.mjs`,
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // followRedirect false: got resolves on a 3xx (it only throws above 399), so the program reports delivery.
      ...redirects(summary.reportedDelivered),
      // 408 is in got's retry.statusCodes: 3 attempts (after ~1 s and ~2 s).
      'client-error-408': summary.retried,
      // 429 with Retry-After: 1 is retried after 1 s, only because 1000 ms ≤ timeout.request (1000
      // ms). With a timeout under 1 s got would stop.
      'too-many-requests-429': summary.retried,
      // 413 passes: got does not retry a 413 without Retry-After.
    },
  },
  {
    name: 'got-no-status-check',
    command: `node ${dir}/got-no-status-check.mjs`,
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // Every status resolves (throwHttpErrors false, 3xx ok with followRedirect false) and the
      // program never looks at it.
      ...redirects(summary.reportedDelivered),
      'client-error-400': summary.reportedDelivered,
      'payload-too-large-413': summary.reportedDelivered,
      // got still retries 503 (3 attempts, as due), then resolves with the last 503.
      'error-503-always': summary.reportedDelivered,
      // got's status retries run even with throwHttpErrors false: 3 attempts each (a second defect,
      // "retried"), then exit 0.
      'client-error-408': summary.reportedDelivered,
      'too-many-requests-429': summary.reportedDelivered,
    },
  },
  {
    name: 'ky-retry-post',
    command: `node ${dir}/ky-retry-post.mjs`,
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // retry.retryOnTimeout is false: the TimeoutError after 1 s ends the request; 1 attempt where 2 are due.
      'no-answer-then-200': summary.notRetried,
      'no-answer-always': summary.notRetried,
      // The 500 is retried; the retry's TimeoutError is not: 2 attempts where 3 are due.
      'error-500-then-no-answer': summary.notRetried,
      // ky uses fetch's redirect 'follow'. Also: exit 0.
      ...redirects(followedBy("fetch follows redirects unless redirect: 'manual'")),
      // 408 and 429 are in ky's retry.statusCodes (429 after Retry-After 1 s). 413 passes: not
      // retried without Retry-After.
      'client-error-408': summary.retried,
      'too-many-requests-429': summary.retried,
    },
  },
  {
    name: 'undici-request',
    command: `node ${dir}/undici-request.mjs`,
    // 2 s: undici's headersTimeout runs on a 499 ms-tick timer, so a 1000 ms timeout fires about
    // 1.5 s after the request, right at the edge of a 1 s timeout's give-up margin (1 s + 0.5 s).
    // 2000 ms fires about 2.5 s in, well inside 2 s + 1 s.
    flags: ['--retry-max-attempts', '2', '--response-timeout', '2'],
    conformant: true,
    expectedFailures: {},
  },
  {
    name: 'node-fetch-defaults',
    command: `node ${dir}/node-fetch-defaults.mjs`,
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // follow 20: 301/302 (POST) and 303 become GET without body, 307/308 re-POST the string body. Also: exit 0.
      ...redirects(followedBy("node-fetch follows redirects unless redirect: 'manual'")),
    },
  },
  {
    name: 'superagent-retry',
    command: `node ${dir}/superagent-retry.mjs`,
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // redirects(5): 301/302/303 as a GET without data, 307/308 re-POST the data. Also: exit 0.
      ...redirects(followedBy()),
      // .retry(2) retries 408, 413 and 429 at once (no backoff, Retry-After ignored): 3 attempts each.
      'client-error-408': summary.retried,
      'payload-too-large-413': summary.retried,
      'too-many-requests-429': summary.retried,
    },
  },
  {
    name: 'curl-naive',
    command: `bash ${dir}/curl-naive.sh`,
    requires: 'curl',
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // No --fail: the 500/503 answer exits 0. Also: no --retry, 1 attempt where 2 (3) are due ("not retried").
      'error-500-then-200': summary.reportedDelivered,
      'error-503-always': summary.reportedDelivered,
      'error-500-then-no-answer': summary.reportedDelivered,
      // exit 52 "Empty reply from server", not retried.
      'reset-then-200': summary.notRetried,
      // No --max-time: waits ~4 s for the held request's 200. Also: 1 attempt where 2 are due.
      'no-answer-then-200': summary.didNotGiveUp,
      'no-answer-always': summary.didNotGiveUp,
      // No -L (not followed) but no --fail either: every HTTP answer exits 0.
      ...redirects(summary.reportedDelivered),
      'client-error-400': summary.reportedDelivered,
      'client-error-408': summary.reportedDelivered,
      'payload-too-large-413': summary.reportedDelivered,
      'too-many-requests-429': summary.reportedDelivered,
    },
  },
  {
    name: 'curl-retry',
    command: `bash ${dir}/curl-retry.sh`,
    requires: 'curl',
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // --fail only fails on >= 400: a 3xx (not followed, no -L) exits 0.
      ...redirects(summary.reportedDelivered),
      // --retry counts 408 and 429 as transient (429 waits its Retry-After: 1; 408 waits 1 s then 2 s).
      'client-error-408': summary.retried,
      'too-many-requests-429': summary.retried,
      // "Empty reply from server" (exit 52) is not transient for --retry: 1 attempt where 2 are due.
      'reset-then-200': summary.notRetried,
    },
  },
  {
    name: 'python-urllib',
    // Needs only /usr/bin/python3 (standard library).
    command: `/usr/bin/python3 ${dir}/python-urllib.py`,
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // HTTPRedirectHandler follows 301/302/303 for a POST, as a GET without body. Also: exit 0.
      ...redirects(
        followedBy(
          "urllib's default HTTPRedirectHandler follows redirects unless replaced by one whose " +
            'redirect_request returns None',
        ),
        ['redirect-301', 'redirect-302', 'redirect-303'],
      ),
      // 307/308 pass: urllib raises HTTPError(307/308) for a POST, and the program reports failure.
      // RemoteDisconnected is neither URLError nor TimeoutError: uncaught, traceback, exit 1, 1
      // attempt where 2 are due.
      'reset-then-200': summary.notRetried,
    },
  },
  {
    name: 'python-requests',
    command: `/usr/bin/python3 ${dir}/python-requests.py`,
    requires: 'python3-requests',
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // timeout None: waits for the held request. Also: 1 attempt where 2 are due.
      'no-answer-then-200': summary.didNotGiveUp,
      'no-answer-always': summary.didNotGiveUp,
      // The program retries the 500, then waits for the held retry.
      'error-500-then-no-answer': summary.noTimeoutOnRetry,
      // allow_redirects True: 301/302/303 as a GET, 307/308 re-POST the body. Also: exit 0.
      ...redirects(followedBy('requests follows redirects unless allow_redirects=False')),
    },
  },
  {
    name: 'ofetch-retry',
    command: `node ${dir}/ofetch-retry.mjs`,
    flags: defaultFlags(),
    conformant: false,
    expectedFailures: {
      // The first attempt's timeout aborts its signal; the retries reuse it and are aborted before
      // they are sent: 1 attempt where 2 (3) are due, and the finding says a retry aborted before it
      // is sent looks the same on the wire.
      'no-answer-then-200': summary.notRetried,
      'no-answer-always': summary.notRetried,
      // After the 500 the timer is cleared; the retry reuses the signal and has no timeout: it waits
      // ~4 s for the late 200 (and exits 0).
      'error-500-then-no-answer': summary.noTimeoutOnRetry,
      // redirect 'manual' hands back the 3xx, which ofetch resolves (it throws only for 400-599).
      ...redirects(summary.reportedDelivered),
    },
  },
  {
    name: 'node-http-chunked',
    command: `node ${dir}/node-http-chunked.mjs`,
    flags: defaultFlags(),
    conformant: true,
    expectedFailures: {},
    // Every request chunked, none with Content-Length: a warning, not a failure.
    expectedWarnings: { 'request-envelope': warning.chunkedBody },
  },
];
