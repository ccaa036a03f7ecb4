/**
 * A notification the proxy judged, as the report's finding shows it: each attempt's row says what
 * came back (the answer's class, or none, or a connection that failed) and, apart from it, whether
 * that attempt is part of a defect the rules found, not whether it was a 2xx.
 */
import { describe, expect, it } from 'vitest';
import { judgeTracked } from '../../../src/checks/proxy/judgeTracked.js';
import { notificationFinding } from '../../../src/checks/proxy/notificationFinding.js';
import type { ProxyExchange } from '../../../src/checks/proxy/ProxyExchange.js';
import type { TrackedNotification } from '../../../src/checks/proxy/TrackedNotification.js';
import { assumptions } from '../../../src/assumptions.js';
import { freshContactProcessed } from '../../../src/message/freshContactProcessed.js';
import { retryPolicy } from '../../../src/retry/retryPolicy.js';

const message = freshContactProcessed();

/** One attempt as the proxy records it: the sender's request, and what came of it. */
function attempt(startedAt: number, rest: Partial<ProxyExchange> = {}): ProxyExchange {
  const body = Buffer.from(JSON.stringify(message));
  return {
    startedAt,
    receivedAt: new Date(1_800_000_000_000 + startedAt),
    connection: 1,
    method: 'POST',
    path: '/crm',
    headers: {
      'content-type': 'application/json',
      'content-length': String(body.byteLength),
      etag: message.GSW_MESSAGE_GUID,
      'user-agent': assumptions.userAgent,
      accept: '*/*',
    },
    body,
    ...rest,
  };
}
const answered = (status: number, durationMs = 3) => ({
  answer: { status, headers: {}, body: Buffer.from(`status ${status}`) },
  durationMs,
});

/** The finding of a notification judged with 1 retry on 5xx and a 1 s timeout. */
function findingOf(attempts: ProxyExchange[], followed: TrackedNotification['followed'] = []) {
  const notification = {
    guid: message.GSW_MESSAGE_GUID,
    attempts,
    followed,
    unseenLocations: [],
  };
  const policy = retryPolicy({ retryMaxAttempts: 1, retryAppliesTo: ['5xx', 'timeout'] });
  const judged = judgeTracked(notification, {
    policy,
    timeoutSeconds: 1,
    timeoutMs: 1000,
    complete: true,
  });
  return notificationFinding(judged, 1);
}

const rows = (finding: ReturnType<typeof findingOf>) =>
  finding.timeline!.exchanges.map((e) => [e.label, e.answerClass, e.ok]);

describe('notificationFinding: each attempt with what came back and its own verdict', () => {
  it('a 503 the sender rightly retried is a 5xx answer, as it should be', () => {
    const finding = findingOf([attempt(0, answered(503)), attempt(200, answered(200))]);
    expect(finding.status).toBe('pass');
    expect(rows(finding)).toEqual([
      ['attempt 1', '5xx', true],
      ['attempt 2', '2xx', true],
    ]);
  });

  it('only the attempts a broken rule is about are part of the defect', () => {
    const renewed = { ...message, GSW_MESSAGE_GUID: crypto.randomUUID() };
    const retry = attempt(200, { ...answered(200), body: Buffer.from(JSON.stringify(renewed)) });
    const finding = findingOf([
      attempt(0, answered(503)),
      { ...retry, headers: { ...retry.headers, etag: renewed.GSW_MESSAGE_GUID } },
    ]);
    expect(finding.status).toBe('fail');
    const change = `(${message.GSW_MESSAGE_GUID} → ${renewed.GSW_MESSAGE_GUID}); a retry must keep it`;
    expect(finding.details).toEqual([
      `sender-same-notification: GSW_MESSAGE_GUID changed on retry ${change}`,
      `sender-same-notification: the ETag header changed on retry ${change}`,
    ]);
    expect(rows(finding)).toEqual([
      ['attempt 1', '5xx', true],
      ['attempt 2', '2xx', false],
    ]);
  });

  it('a retry too many, a redirect answered and followed, each on its own row', () => {
    const tooMany = findingOf([
      attempt(0, answered(503)),
      attempt(100, answered(503)),
      attempt(200, answered(200)),
    ]);
    expect(tooMany.details).toEqual([
      expect.stringMatching(
        /^sender-attempts: retried after attempt 2 \(503 in \d+ ms\), but at most 1 retry is allowed \(http-retry-max-attempts\); 3 attempts$/,
      ),
    ]);
    expect(rows(tooMany).map((row) => row[2])).toEqual([true, true, false]);
    // A retry the policy does not make: the retry is the defect, not the 400 before it.
    const retried = findingOf([attempt(0, answered(400)), attempt(100, answered(200))]);
    expect(retried.details).toEqual([
      expect.stringMatching(
        /^sender-retries: retried after attempt 1 \(400 in \d+ ms\), but 4xx is not retried/,
      ),
    ]);
    expect(rows(retried)).toEqual([
      ['attempt 1', '4xx', true],
      ['attempt 2', '2xx', false],
    ]);
    // Refused every time, the notification is lost: each refusal is part of the receiver's defect.
    const lost = findingOf([attempt(0, answered(503)), attempt(100, answered(503))]);
    expect(lost.details).toEqual([expect.stringMatching(/^receiver-acknowledged: lost/)]);
    expect(rows(lost).map((row) => row[2])).toEqual([false, false]);
    const followed = attempt(50, { method: 'GET', path: '/login', ...answered(200) });
    const redirected = findingOf(
      [attempt(0, answered(302))],
      [{ exchange: followed, location: '/login' }],
    );
    expect(rows(redirected)).toEqual([
      ['attempt 1', '3xx', false],
      ['followed /login', '2xx', false],
    ]);
  });

  it("no answer in time, the proxy's own 502, the sender leaving: said as what the sender got", () => {
    const finding = findingOf([
      attempt(0, {
        targetFailure: 'connect ECONNREFUSED 127.0.0.1:9',
        durationMs: 1,
        proxyAnswer: { status: 502, headers: {}, body: Buffer.from('') },
      }),
      attempt(100, {
        targetFailure: 'no answer within 1 s',
        durationMs: 1000,
        proxyAnswer: { status: 504, headers: {}, body: Buffer.from('') },
      }),
    ]);
    expect(rows(finding).map((row) => row[1])).toEqual(['connection-failed', 'no-answer']);
    const left = findingOf([attempt(0, { senderLeftAfterMs: 900 }), attempt(1000, answered(200))]);
    expect(rows(left)[0]![1]).toBe('no-answer');
  });
});
