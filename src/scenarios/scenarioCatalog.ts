import type { Scenario } from './Scenario.js';
import { badOption } from '../errors/OptionError.js';

const redirect = (status: 301 | 302 | 303 | 307 | 308): Scenario => ({
  id: `redirect-${status}`,
  title: `${status} redirect`,
  receiver: `answers ${status} with a Location header pointing at another path of the same server`,
  expectation:
    'one attempt, reported failed; the Location is never requested and the 3xx is not retried',
  steps: [{ kind: 'status', status }],
});

/** A 4xx answered to every attempt: one attempt by default; retried only when http-retry-applies-to names 4xx. */
const clientError = (
  status: number,
  id: string,
  title: string,
  receiver: string,
  headers?: Record<string, string>,
): Scenario => ({
  id,
  title,
  receiver,
  expectation:
    'one attempt, reported failed: a 4xx is not retried (unless http-retry-applies-to names 4xx)',
  steps: [{ kind: 'status', status, ...(headers !== undefined ? { headers } : {}) }],
});

/**
 * The scenario catalog: what a receiver can do to a sender, each with what a conforming sender must
 * do. `check-sender` plays them in this order, one per notification (GUID).
 */
export const scenarioCatalog: readonly Scenario[] = Object.freeze([
  {
    id: 'ok-200',
    title: '200 OK',
    receiver: 'answers 200 OK',
    expectation: 'one attempt, delivered; a valid request (headers, ETag = GSW_MESSAGE_GUID, body)',
    steps: [{ kind: 'status', status: 200 }],
  },
  {
    id: 'ok-204',
    title: '204 No Content',
    receiver: 'answers 204 No Content',
    expectation: 'one attempt, delivered (any 2xx is success)',
    steps: [{ kind: 'status', status: 204 }],
  },
  {
    id: 'error-500-then-200',
    title: '500, then 200',
    receiver: 'answers 500 to the first attempt, 200 afterwards',
    expectation:
      'retries once (when retries are allowed) with the same GUID, ETag, GSW_TIMESTAMP and body; delivered',
    steps: [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 200 },
    ],
  },
  {
    id: 'error-503-always',
    title: '503 every time',
    receiver: 'answers 503 Service Unavailable to every attempt',
    expectation:
      'exactly 1 + http-retry-max-attempts attempts, all identical, then reported failed',
    steps: [{ kind: 'status', status: 503 }],
  },
  {
    id: 'no-answer-then-200',
    title: 'no answer, then 200',
    receiver:
      'reads the first request and does not answer it (holds it well past the response ' +
      'timeout), answers 200 afterwards',
    expectation:
      'gives up on the first attempt within the response timeout (+ margin), retries with the same message, delivered',
    steps: [{ kind: 'no-answer' }, { kind: 'status', status: 200 }],
  },
  {
    id: 'no-answer-always',
    title: 'no answer, ever',
    receiver:
      'reads every request and answers none within the response timeout (holds each well past ' +
      'it, then answers 200)',
    expectation:
      'gives up on every attempt within the response timeout (+ margin), retries with the same ' +
      'message: exactly 1 + http-retry-max-attempts attempts, then reported failed',
    steps: [{ kind: 'no-answer' }],
  },
  {
    id: 'error-500-then-no-answer',
    title: '500, then no answer',
    receiver:
      'answers 500 to the first attempt, then reads every retry and answers none within the ' +
      'response timeout (holds each well past it, then answers 200)',
    expectation:
      'retries (when retries are allowed) and gives up on every retry within the response ' +
      'timeout (+ margin), as on a first attempt; then reported failed',
    steps: [{ kind: 'status', status: 500 }, { kind: 'no-answer' }],
  },
  {
    id: 'reset-then-200',
    title: 'connection reset, then 200',
    receiver:
      'reads the first request and drops the connection without answering, answers 200 afterwards',
    expectation:
      'treats the reset as a connection failure, retries with the same message, delivered',
    steps: [{ kind: 'reset' }, { kind: 'status', status: 200 }],
  },
  redirect(301),
  redirect(302),
  redirect(303),
  redirect(307),
  redirect(308),
  {
    id: 'client-error-400',
    title: '400 Bad Request',
    receiver: 'answers 400 Bad Request to every attempt',
    expectation:
      'one attempt, reported failed: a 4xx is not retried (unless http-retry-applies-to names 4xx)',
    steps: [{ kind: 'status', status: 400 }],
  },
  clientError(
    408,
    'client-error-408',
    '408 Request Timeout',
    'answers 408 Request Timeout to every attempt (got, ky, superagent and curl --retry retry ' +
      'it once POST retries are on)',
  ),
  clientError(
    413,
    'payload-too-large-413',
    '413 Content Too Large',
    'answers 413 Content Too Large to every attempt (got, ky and superagent retry it once POST retries are on)',
  ),
  clientError(
    429,
    'too-many-requests-429',
    '429 Too Many Requests',
    'answers 429 Too Many Requests with Retry-After: 1 to every attempt (retried by most HTTP clients with retries on)',
    {
      'retry-after': '1',
    },
  ),
  {
    id: 'slow-within-timeout',
    title: 'slow, within the timeout',
    receiver: 'answers 200 after 0.4 × the response timeout',
    expectation: 'waits for the answer: one attempt, delivered (no premature timeout, no retry)',
    steps: [{ kind: 'status', status: 200, delayFraction: 0.4 }],
  },
] satisfies Scenario[]);

/** Looks a scenario up by id; throws naming the known ids. */
export function getScenario(id: string): Scenario {
  const scenario = scenarioCatalog.find((s) => s.id === id);
  if (!scenario) badOption('scenario', `one of ${scenarioCatalog.map((s) => s.id).join(', ')}`, id);
  return scenario;
}
