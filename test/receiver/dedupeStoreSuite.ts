/**
 * What every dedupe store of the kit does, run against each (the in-memory LruDedupeStore, and
 * RedisDedupeStore on a real redis-server): a GUID is claimed once, in progress until completed,
 * forgotten on release; and the reference receiver over it handles each notification exactly once,
 * never acknowledges a duplicate while the first delivery is still being handled (503 with
 * Retry-After instead), and takes the retry after a failed first delivery. `open()` gives a handle on
 * the shared store each time it is called (two receivers over two handles share their GUIDs).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { ContactProcessed } from '../../src/message/ContactProcessed.generated.js';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import { normalizeGuid, type DedupeStore } from '../../src/receiver/DedupeStore.js';
import type { ReceiverOptions } from '../../src/receiver/ReceiverTypes.js';
import { startReceiver, type RunningReceiver } from '../../src/receiver/startReceiver.js';

/** A handler whose deliveries wait until the test lets them finish (or fail). */
export function gatedHandler() {
  const handled: string[] = [];
  const gates: { open: () => void; fail: (error: Error) => void }[] = [];
  const onNotification: NonNullable<ReceiverOptions['onNotification']> = ({ guid }) =>
    new Promise<void>((resolve, reject) => {
      gates.push({
        open: () => {
          handled.push(guid);
          resolve();
        },
        fail: reject,
      });
    });
  /** Resolves once `n` deliveries are being handled. */
  const waitForHandling = async (n: number) => {
    while (gates.length < n) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { handled, gates, onNotification, waitForHandling };
}

export function post(url: string, message: ContactProcessed): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', etag: message.GSW_MESSAGE_GUID },
    body: JSON.stringify(message),
  });
}

export function dedupeStoreSuite(open: () => Promise<DedupeStore>): void {
  const running: RunningReceiver[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.close()));
  });
  const receiver = async (options: ReceiverOptions) => {
    const r = await startReceiver(options);
    running.push(r);
    return r;
  };
  const key = () => normalizeGuid(randomUUID());

  it('claims a GUID once: in progress until completed, then handled; released, it is claimed anew', async () => {
    const [one, other] = [await open(), await open()];
    const guid = key();
    expect(await one.claim(guid)).toBe(true);
    expect(await other.claim(guid)).toBe('in-progress');
    expect(await one.claim(guid)).toBe('in-progress');
    if (other.has) expect(await other.has(guid)).toBe(false);
    await one.complete?.(guid);
    expect([await one.claim(guid), await other.claim(guid)]).toEqual([false, false]);
    if (other.has) expect(await other.has(guid)).toBe(true);
    const failed = key();
    expect(await other.claim(failed)).toBe(true);
    await other.release(failed);
    expect(await one.claim(failed)).toBe(true);
    expect(await one.claim(key())).toBe(true);
  });

  it('answers a duplicate 503 + Retry-After while the first delivery is being handled, 200 after', async () => {
    const app = gatedHandler();
    const [a, b] = [
      await receiver({ store: await open(), onNotification: app.onNotification }),
      await receiver({ store: await open(), onNotification: app.onNotification }),
    ];
    const message = freshContactProcessed();
    const first = post(a.url, message);
    await app.waitForHandling(1);
    const early = await post(b.url, message);
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('1');
    expect(await early.json()).toEqual({ status: 'in-progress', guid: message.GSW_MESSAGE_GUID });
    app.gates[0]!.open();
    expect(await (await first).json()).toEqual({
      status: 'accepted',
      guid: message.GSW_MESSAGE_GUID,
    });
    const late = await post(b.url, message);
    expect([late.status, ((await late.json()) as { status: string }).status]).toEqual([
      200,
      'duplicate',
    ]);
    expect(app.handled).toEqual([message.GSW_MESSAGE_GUID]);
    expect(b.receiver.stats).toEqual({ accepted: 0, duplicates: 1, rejected: 0, inProgress: 1 });
  });

  it('never loses a notification whose first delivery failed while a copy waited: the retry is handled', async () => {
    const app = gatedHandler();
    const [a, b] = [
      await receiver({ store: await open(), onNotification: app.onNotification }),
      await receiver({ store: await open(), onNotification: app.onNotification }),
    ];
    const message = freshContactProcessed();
    const first = post(a.url, message);
    await app.waitForHandling(1);
    expect((await post(b.url, message)).status).toBe(503);
    app.gates[0]!.fail(new Error('the CRM database is down'));
    expect((await first).status).toBe(500);
    const retry = post(b.url, message);
    await app.waitForHandling(2);
    app.gates[1]!.open();
    expect(await (await retry).json()).toEqual({
      status: 'accepted',
      guid: message.GSW_MESSAGE_GUID,
    });
    expect((await post(a.url, message)).status).toBe(200);
    expect(app.handled).toEqual([message.GSW_MESSAGE_GUID]);
  });

  it('handles a burst of copies over two receivers once, and every copy is acknowledged on retry', async () => {
    const handled: string[] = [];
    const onNotification = async ({ guid }: { guid: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      handled.push(guid);
    };
    const both = [
      await receiver({ store: await open(), onNotification }),
      await receiver({ store: await open(), onNotification }),
    ];
    const message = freshContactProcessed();
    const copy = async (i: number): Promise<number[]> => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 20; attempt++) {
        const answer = await post(both[i % 2]!.url, message);
        statuses.push(answer.status);
        if (answer.status === 200) return statuses;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return statuses;
    };
    const copies = await Promise.all(Array.from({ length: 12 }, (_, i) => copy(i)));
    expect(copies.map((statuses) => statuses.at(-1))).toEqual(Array(12).fill(200));
    expect(new Set(copies.flat())).toEqual(new Set([200, 503]));
    expect(handled).toEqual([message.GSW_MESSAGE_GUID]);
  });

  it('does not merge two notifications that share chain, record and call attempt but not the GUID', async () => {
    const handled: string[] = [];
    const r = await receiver({
      store: await open(),
      onNotification: ({ guid }) => void handled.push(guid),
    });
    const one = freshContactProcessed();
    const two = { ...one, GSW_MESSAGE_GUID: randomUUID() };
    const answers = await Promise.all([post(r.url, one), post(r.url, two), post(r.url, one)]);
    expect(answers.map((a) => a.status).slice(0, 2)).toEqual([200, 200]);
    expect(handled.sort()).toEqual([one.GSW_MESSAGE_GUID, two.GSW_MESSAGE_GUID].sort());
  });
}
