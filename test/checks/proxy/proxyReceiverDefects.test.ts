/**
 * Each receiver defect the proxy must see, behind the reference sender: a redirect (Express behind a
 * login), an answer after the response timeout, a 2xx to an invalid message (Express that accepts
 * anything), a 409 to a duplicate delivery, and a valid notification refused for good (lost). Each
 * fails the rule that names it, and no rule about the sender; the target down is a finding too, with
 * a 502 to the sender and the exchange still recorded.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freshContactProcessed } from '../../../src/message/freshContactProcessed.js';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';
import { start as startAcceptsAnything } from '../../corpus/receivers/expressAcceptsAnything.js';
import { start as startDuplicate409 } from '../../corpus/receivers/expressDuplicate409.js';
import { start as startLoginRedirect } from '../../corpus/receivers/expressLoginRedirect.js';
import type { RunningReceiver } from '../../corpus/receivers/RunningReceiver.js';
import { startAlways, startSlow } from './proxyReceivers.js';
import { post } from './rawSender.js';
import { referenceSend, runThroughProxy } from './runThroughProxy.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function started(receiver: Promise<RunningReceiver>) {
  const running = await receiver;
  stops.push(() => running.close());
  return running.url;
}

const senderRules = (failing: readonly string[]) =>
  failing.filter((id) => id.startsWith('sender-'));

describe('cpn-kit proxy: each receiver defect is a failing finding', () => {
  it('a 302 to a login page: passed on unchanged, named with its Location, and the notification lost', async () => {
    const target = await started(startLoginRedirect());
    const run = await runThroughProxy(
      target,
      {},
      async (url) => {
        const message = freshContactProcessed();
        expect(await post(url, JSON.stringify(message), message.GSW_MESSAGE_GUID)).toMatchObject({
          status: 302,
          location: '/login',
        });
      },
      1_700,
    );
    expect(run.failing).toEqual(['receiver-no-redirect', 'receiver-acknowledged']);
    expect(run.finding('receiver-no-redirect').summary).toMatch(/302.*\/login/);
    expect(run.judged.map((j) => j.state)).toEqual(['lost']);
  });

  it('an answer after the response timeout', async () => {
    const target = await started(startSlow(1_500));
    const run = await runThroughProxy(
      target,
      {},
      (url) => referenceSend(url, [freshContactProcessed()]),
      1_700,
    );
    expect(run.failing).toContain('receiver-in-time');
    expect(senderRules(run.failing)).toEqual([]);
    expect(run.finding('receiver-in-time').summary).toMatch(
      /1 of 1 notification, e\.g\. .*: answered attempt 1 after 1[5-9]\d\d ms, past the response timeout \(1 s\)/,
    );
  });

  it('a 2xx to a message that is not valid (Express that accepts anything)', async () => {
    const target = await started(startAcceptsAnything());
    const message = { ...freshContactProcessed(), GSW_CALL_RESULT: 'busy' };
    expect(validateContactProcessed(message).valid).toBe(false);
    const run = await runThroughProxy(target, {}, (url) =>
      post(url, JSON.stringify(message), message.GSW_MESSAGE_GUID),
    );
    expect(run.failing).toEqual(['sender-valid', 'receiver-no-2xx-invalid']);
    expect(run.finding('receiver-no-2xx-invalid').summary).toContain(message.GSW_MESSAGE_GUID);
  });

  it('a 409 to a duplicate delivery (Express that refuses a GUID it has stored)', async () => {
    const target = await started(startDuplicate409());
    const message = freshContactProcessed();
    let outcomes: string[] = [];
    const run = await runThroughProxy(target, {}, async (url) => {
      outcomes = (await referenceSend(url, [message, message], {}, true)).map(
        (r) => `${r.outcome} ${r.lastStatus}`,
      );
    });
    expect(outcomes).toEqual(['delivered 201', 'failed 409']);
    expect(run.failing).toContain('receiver-duplicates');
    expect(senderRules(run.failing)).toEqual([]);
    expect(run.finding('receiver-duplicates').summary).toContain('409');
  });

  it('a valid notification refused with 400 and never retried: lost', async () => {
    const target = await started(startAlways(400));
    const run = await runThroughProxy(
      target,
      {},
      (url) => referenceSend(url, [freshContactProcessed()]),
      1_700,
    );
    expect(run.failing).toEqual(['receiver-acknowledged']);
    expect(run.judged.map((j) => j.state)).toEqual(['lost']);
    expect(run.finding('notifications').summary).toMatch(/^1 notification: 0 delivered, 1 lost/);
  });

  it('the target down: 502 to the sender, a finding, and the exchange recorded with its failure', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const message = freshContactProcessed();
    const run = await runThroughProxy(`http://127.0.0.1:${port}/notifications`, {}, async (url) => {
      expect(await post(url, JSON.stringify(message), message.GSW_MESSAGE_GUID)).toMatchObject({
        status: 502,
      });
    });
    expect(run.failing).toContain('target-reachable');
    expect(run.finding('target-reachable').summary).toMatch(
      /^1 request\(s\) could not reach .*ECONNREFUSED/,
    );
    expect(run.recorded).toHaveLength(1);
    expect(run.recorded[0]!.failure).toMatch(/ECONNREFUSED/);
    expect(run.recorded[0]!.answer?.status).toBe(502);
    expect(run.recorded[0]!.request.body).toBe(JSON.stringify(message));
  });
});
