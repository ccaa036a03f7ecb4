import { afterEach, describe, expect, it } from 'vitest';
import { fixtures } from '../../src/message/fixtures.js';
import type { ReceivedNotification } from '../../src/receiver/createReceiver.js';
import { startReceiver, type RunningReceiver } from '../../src/receiver/startReceiver.js';

const running: RunningReceiver[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function start(options: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(options);
  running.push(r);
  return r;
}

function post(url: string, message: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(message),
  });
}

describe('createReceiver', () => {
  it(
    'calls onNotification once per GUID and acknowledges the duplicate with 200, whatever the ' +
      'GUID spelling',
    async () => {
      const seen: ReceivedNotification[] = [];
      const r = await start({ onNotification: (n) => void seen.push(n) });
      const message = fixtures.voice.message;
      const first = await post(r.url, message, { etag: message.GSW_MESSAGE_GUID });
      const upper = { ...message, GSW_MESSAGE_GUID: `{${message.GSW_MESSAGE_GUID.toUpperCase()}}` };
      const again = await post(r.url, upper);
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(await first.json()).toEqual({ status: 'accepted', guid: message.GSW_MESSAGE_GUID });
      expect(((await again.json()) as { status: string }).status).toBe('duplicate');
      expect(seen.map((n) => n.guid)).toEqual([message.GSW_MESSAGE_GUID]);
      expect(r.receiver.stats).toEqual({ accepted: 1, duplicates: 1, rejected: 0, inProgress: 0 });
    },
  );

  it('deduplicates on the body GUID, never on the ETag: a stale ETag cannot swallow a new notification', async () => {
    const seen: ReceivedNotification[] = [];
    const r = await start({ onNotification: (n) => void seen.push(n) });
    const first = fixtures.lifo.message;
    expect((await post(r.url, first, { etag: first.GSW_MESSAGE_GUID })).status).toBe(200);
    // A faulty sender keeps sending the first ETag with new notifications: each is judged and handled.
    const next = fixtures.predictive.message;
    const answer = await post(r.url, next, { etag: first.GSW_MESSAGE_GUID });
    expect(await answer.json()).toMatchObject({ status: 'accepted', guid: next.GSW_MESSAGE_GUID });
    // And a known ETag does not get garbage acknowledged.
    const garbage = await fetch(r.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', etag: first.GSW_MESSAGE_GUID },
      body: '{"not":"valid"',
    });
    expect(garbage.status).toBe(400);
    expect(seen.map((n) => n.guid)).toEqual([first.GSW_MESSAGE_GUID, next.GSW_MESSAGE_GUID]);
    expect(seen[1]!.warnings.map((w) => w.field)).toEqual(['ETag header']);
  });

  it(
    'acknowledges a resend of the same bytes as a duplicate, but not a body that repeats the ' +
      'GUID key to smuggle a new one',
    async () => {
      const seen: ReceivedNotification[] = [];
      const r = await start({ onNotification: (n) => void seen.push(n) });
      const message = fixtures.voice.message;
      const bytes = JSON.stringify(message);
      const headers = { 'content-type': 'application/json', etag: message.GSW_MESSAGE_GUID };
      expect((await fetch(r.url, { method: 'POST', headers, body: bytes })).status).toBe(200);
      const resend = await fetch(r.url, { method: 'POST', headers, body: bytes });
      expect(await resend.json()).toEqual({ status: 'duplicate', guid: message.GSW_MESSAGE_GUID });
      // JSON.parse keeps the last of repeated keys: this body is a new notification and must be handled.
      const fresh = fixtures.sms.message;
      const smuggled = `{"GSW_MESSAGE_GUID":"${message.GSW_MESSAGE_GUID}",${JSON.stringify(fresh).slice(1)}`;
      const answer = await fetch(r.url, { method: 'POST', headers, body: smuggled });
      expect(await answer.json()).toMatchObject({
        status: 'accepted',
        guid: fresh.GSW_MESSAGE_GUID,
      });
      expect(seen.map((n) => n.guid)).toEqual([message.GSW_MESSAGE_GUID, fresh.GSW_MESSAGE_GUID]);
    },
  );

  it('accepts vendor enum values, unknown GSW_ fields and user fields as warnings', async () => {
    const seen: ReceivedNotification[] = [];
    const r = await start({ onNotification: (n) => void seen.push(n) });
    for (const name of ['vendor-enum', 'newer-release', 'user-fields'] as const) {
      expect((await post(r.url, fixtures[name].message)).status, name).toBe(200);
    }
    expect(seen.map((n) => n.warnings.map((w) => w.field))).toEqual([
      ['GSW_CALL_RESULT', 'GSW_OPTIMIZE_BY'],
      ['GSW_FUTURE_FIELD'],
      [],
    ]);
  });

  it('warns when the ETag differs from the GUID', async () => {
    const seen: ReceivedNotification[] = [];
    const r = await start({ onNotification: (n) => void seen.push(n) });
    await post(r.url, fixtures.sms.message, { etag: fixtures.email.message.GSW_MESSAGE_GUID });
    expect(seen[0]?.warnings.map((w) => w.field)).toEqual(['ETag header']);
  });

  it('answers 500 and forgets the GUID when onNotification fails, so the retry is handled', async () => {
    let calls = 0;
    const r = await start({
      onNotification: () => {
        calls += 1;
        if (calls === 1) throw new Error('database down');
      },
    });
    const first = await post(r.url, fixtures.email.message);
    expect(first.status).toBe(500);
    expect(((await first.json()) as { error: string }).error).toContain('database down');
    expect((await post(r.url, fixtures.email.message)).status).toBe(200);
    expect(calls).toBe(2);
  });

  it('names every offending field in a 400', async () => {
    const r = await start({});
    const answer = await post(r.url, {
      ...fixtures.full.message,
      GSW_CHAIN_ID: '7',
      GSW_PHONE: undefined,
    });
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: string; issues: { field: string }[] };
    expect(body.issues.map((i: { field: string }) => i.field).sort()).toEqual([
      'GSW_CHAIN_ID',
      'GSW_PHONE',
    ]);
    expect(body.error).toContain('GSW_CHAIN_ID');
  });

  it('rejects bad options with the option name', async () => {
    await expect(() => startReceiver({ bodyLimit: 0 })).rejects.toThrow(
      /bodyLimit: expected a positive integer/,
    );
  });
});
