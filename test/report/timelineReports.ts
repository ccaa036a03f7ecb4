import type { ExchangeRecord, Report } from '../../src/report/Report.js';

/** Reports with timelines and a curl command, as the checks write them, for the HTML report tests. */

const notification = JSON.stringify({
  GSW_MESSAGE: 'ContactProcessed',
  GSW_CAMPAIGN_NAME: 'Spring renewals',
  GSW_RECORD_HANDLE: 42,
});
const requestTo = (url: string, attempt: number) => ({
  method: 'POST',
  url,
  headers: {
    'content-type': 'application/json',
    'user-agent': 'OCS/8.1',
    'x-attempt': String(attempt),
  },
  body: notification,
});

/** A body an attacker's server could answer with: it must show as text, never run. */
export const hostileBody = '</script><script>window.__pwned = "body"</script><!-- <b>bold</b>';

const senderAttempts: ExchangeRecord[] = [
  {
    label: 'attempt 1',
    startMs: 0,
    durationMs: 35,
    outcome: 'answered 503',
    ok: true,
    request: requestTo('http://127.0.0.1:40123/cpn/retry-503', 1),
    answer: { status: 503, headers: { 'retry-after': '1' }, body: 'busy, try again' },
  },
  {
    label: 'attempt 2',
    startMs: 1040,
    outcome: 'no answer within 10 s',
    ok: true,
    request: requestTo('http://127.0.0.1:40123/cpn/retry-503', 2),
  },
  {
    label: 'attempt 3',
    startMs: 12050,
    durationMs: 8,
    outcome: 'answered 200',
    ok: true,
    request: requestTo('http://127.0.0.1:40123/cpn/retry-503', 3),
    answer: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' },
  },
];

/** A 500 the sender rightly retried, then the 200: each answered within a millisecond. */
const retried500: ExchangeRecord[] = [
  {
    label: 'attempt 1',
    startMs: 0,
    durationMs: 1,
    outcome: 'answered 500',
    ok: true,
    answerClass: '5xx',
    request: requestTo('http://127.0.0.1:40123/cpn/error-500-then-200', 1),
    answer: { status: 500, headers: {}, body: 'scenario: 500' },
  },
  {
    label: 'attempt 2',
    startMs: 2,
    durationMs: 1,
    outcome: 'answered 200',
    ok: true,
    answerClass: '2xx',
    request: requestTo('http://127.0.0.1:40123/cpn/error-500-then-200', 2),
    answer: { status: 200, headers: {}, body: 'scenario: 200' },
  },
];

export const senderReport: Report = {
  command: 'check-sender',
  subject: 'node my-sender.js',
  startedAt: '2026-11-24T23:00:00.000Z',
  durationMs: 14_200,
  findings: [
    {
      id: 'ok-200',
      title: '200 OK',
      status: 'pass',
      summary: '1 attempt (answered 200)',
      durationMs: 40,
    },
    {
      id: 'retry-503',
      title: '503, then a timeout, then 200',
      status: 'pass',
      summary: '3 attempts, reported delivered as expected',
      durationMs: 12_100,
      timeline: { limitMs: 10_000, exchanges: senderAttempts },
    },
    {
      id: 'error-500-then-200',
      title: '500, then 200',
      status: 'pass',
      summary: '2 attempts (answered 500; answered 200), reported delivered as expected',
      durationMs: 3,
      timeline: { limitMs: 10_000, exchanges: retried500 },
    },
    {
      id: 'redirect-302',
      title: '302 redirect',
      status: 'fail',
      summary: 'followed the redirect (redirects must never be followed)',
      details: ['what happened: answered 302 with Location /cpn/__redirect-target/redirect-302'],
    },
    {
      id: 'retry-after',
      title: 'Retry-After is honoured',
      status: 'warn',
      summary: 'retried after 0.2 s, asked 1 s',
    },
  ],
};

const receiverRequests: ExchangeRecord[] = [
  {
    label: 'full fixture',
    startMs: 0,
    durationMs: 40,
    outcome: 'answered 200',
    ok: true,
    request: requestTo('http://127.0.0.1:8080/notify', 1),
    answer: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' },
  },
  {
    label: 'second delivery',
    startMs: 60,
    outcome: 'no answer within 10 s',
    ok: false,
    request: requestTo('http://127.0.0.1:8080/notify', 2),
  },
  {
    label: 'minimal fixture',
    startMs: 10_080,
    durationMs: 11_500,
    outcome: 'answered 500 after the timeout',
    ok: false,
    request: requestTo('http://127.0.0.1:8080/notify', 3),
    answer: {
      status: 500,
      headers: { 'content-type': 'text/html', 'x-note': '"quoted" & \'single\'' },
      body: hostileBody,
    },
  },
];

export const receiverReport: Report = {
  command: 'check-receiver',
  subject: 'http://127.0.0.1:8080/notify',
  startedAt: '2026-11-24T23:01:00.000Z',
  durationMs: 21_700,
  findings: [
    {
      id: 'accepts-full',
      title: 'accepts the full fixture',
      status: 'pass',
      summary: 'answered 200 in 40 ms',
    },
    {
      id: 'answered-in-time',
      title: 'answers within the response timeout',
      status: 'fail',
      summary:
        '2 of 3 requests were not answered within 10 s <img src=x onerror="window.__pwned=\'summary\'">',
      details: ['second delivery: no answer within 10 s', 'minimal fixture: answered after 11.5 s'],
      timeline: { limitMs: 10_000, exchanges: receiverRequests },
      curl:
        "curl -sS -X POST 'http://127.0.0.1:8080/notify' -H 'content-type: application/json' " +
        `--data-raw '${notification}'`,
    },
    { id: 'tls-1.2', title: 'TLS 1.2', status: 'skip', summary: 'not an https URL' },
  ],
};

export const sendReport: Report = {
  command: 'send',
  subject: 'http://127.0.0.1:8080/notify',
  startedAt: '2026-11-24T23:02:00.000Z',
  durationMs: 900,
  findings: [
    { id: 'delivered', title: 'every notification delivered', status: 'pass', summary: '20 of 20' },
  ],
};

/** A request check-receiver sent and the 200 it got within a few ms, as `label` names it. */
const acknowledgedRow = (label: string, startMs: number, ok = true): ExchangeRecord => ({
  label,
  startMs,
  durationMs: 3,
  outcome: 'answered 200',
  ok,
  answerClass: '2xx',
  request: requestTo('http://127.0.0.1:8080/notify', 1),
  answer: { status: 200, headers: {}, body: 'ok' },
});

const interactions = [
  'a notification from a CX Contact LIFO campaign group',
  'a notification from a predictive campaign group',
  'a notification with a vendor-extended call result',
  'a notification with every optional field',
  'a notification with only the mandatory fields',
  'a notification with user-defined fields',
  'a voice notification',
  'an email notification',
  'an sms notification',
];
const duplicate = 'a duplicate delivery of an already received notification';

/**
 * A check-receiver run against a receiver that acknowledges anything, as the check reports it: 16
 * passes with their timelines in run order, then the two refusals it failed, then the run-wide checks.
 */
export const failingReceiverRun: Report = {
  command: 'check-receiver',
  subject: 'http://127.0.0.1:8080/notify',
  startedAt: '2026-11-24T23:03:00.000Z',
  durationMs: 900,
  findings: [
    {
      id: 'pact-a-duplicate-delivery-of-an-already-received-notification',
      title: `contract: ${duplicate}`,
      status: 'pass',
      summary: 'acknowledged with HTTP 200 in 3 ms',
      timeline: {
        limitMs: 10_000,
        exchanges: [
          acknowledgedRow(`first delivery for contract: ${duplicate}`, 0),
          acknowledgedRow(`contract: ${duplicate}`, 5),
        ],
      },
    },
    ...interactions.map((description, i) => ({
      id: `pact-${i}`,
      title: `contract: ${description}`,
      status: 'pass' as const,
      summary: 'acknowledged with HTTP 200 in 3 ms',
      timeline: { limitMs: 10_000, exchanges: [acknowledgedRow(`contract: ${description}`, 0)] },
    })),
    {
      id: 'duplicate-acknowledged',
      title: 'a retried notification (same GUID, same bytes) is acknowledged both times',
      status: 'pass',
      summary: 'both deliveries got 2xx',
      timeline: {
        limitMs: 10_000,
        exchanges: [
          acknowledgedRow('a retried notification: first delivery', 0),
          acknowledgedRow('a retried notification: second delivery (the same bytes)', 4),
        ],
      },
    },
    ...['unknown-user-fields', 'vendor-enum-values', 'unknown-gsw-fields'].map((what) => ({
      id: `accepts-${what}`,
      title: `accepts ${what}`,
      status: 'pass' as const,
      summary: 'acknowledged (HTTP 200 in 3 ms)',
      timeline: { limitMs: 10_000, exchanges: [acknowledgedRow(what, 0)] },
    })),
    ...[
      ['rejects-unparseable-body', 'a body that is not JSON'],
      ['rejects-missing-mandatory', 'a message with 20 mandatory fields missing'],
    ].map(([id, label]) => ({
      id: id!,
      title: `${label!} is not acknowledged`,
      status: 'fail' as const,
      summary: 'expected a 4xx; got HTTP 200 in 3 ms',
      timeline: { limitMs: 10_000, exchanges: [acknowledgedRow(label!, 0, false)] },
      curl: `curl -sS -X POST 'http://127.0.0.1:8080/notify' --data-raw 'not json'`,
    })),
    { id: 'no-redirect', title: 'never answers 3xx', status: 'pass', summary: 'no redirect' },
    {
      id: 'response-time',
      title: 'answers in time',
      status: 'pass',
      summary: 'slowest 3 ms',
      // A row whose label and outcome are longer than a line holds: both are cut to fit it.
      timeline: {
        limitMs: 10_000,
        exchanges: [
          {
            ...acknowledgedRow(
              `first delivery for contract: ${duplicate} (${'the consumer '.repeat(4)})`,
              0,
            ),
            outcome: `answered 200 with a body of ${'many words '.repeat(6)}`,
          },
        ],
      },
    },
  ],
};
