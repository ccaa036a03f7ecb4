/**
 * RedisDedupeStore against a real redis-server on loopback (started here, stopped by pid): the
 * semantics every store of the kit has (the shared suite, two handles being two clients of one
 * Redis), and what only a store over the network meets: keys and their TTLs, a claim renewed while
 * its handler runs and expiring after its instance died, Redis gone or hung (503, never a 2xx),
 * credentials and TLS.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import { normalizeGuid } from '../../src/receiver/DedupeStore.js';
import { startReceiver, type RunningReceiver } from '../../src/receiver/startReceiver.js';
import { RedisDedupeStore } from '../../src/redis/RedisDedupeStore.js';
import { dedupeStoreSuite, post } from '../receiver/dedupeStoreSuite.js';
import { testCertificate } from '../sender/testCertificate.js';
import { redisMissing, startRedisServer, type RedisServer } from '../support/redisServer.js';
import { needing } from '../support/requirement.js';

let server: RedisServer;
const stores: RedisDedupeStore[] = [];
const running: RunningReceiver[] = [];
const connect = async (options: Partial<Parameters<typeof RedisDedupeStore.connect>[0]> = {}) => {
  const store = await RedisDedupeStore.connect({ url: server.url, ...options });
  stores.push(store);
  return store;
};
const key = () => normalizeGuid(randomUUID());

needing(redisMissing).describe('RedisDedupeStore on a real redis-server', () => {
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close(0)));
    await server?.stop();
  });

  dedupeStoreSuite(() => connect());

  describe('on a Redis before 7, which refuses SET with both NX and GET', () => {
    const clients: Redis[] = [];
    /** A client of the real server that answers SET … NX … GET as Redis 6 does. */
    let refusals = 0;
    const redis6 = () => {
      const client = new Redis(server.url);
      clients.push(client);
      const set = client.set.bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as unknown as { set: typeof set }).set = (...args: unknown[]) => {
        if (!(args.includes('NX') && args.includes('GET'))) return set(...args);
        refusals++;
        return Promise.reject(new Error('ERR syntax error'));
      };
      return new RedisDedupeStore(client);
    };
    afterAll(() => clients.splice(0).forEach((c) => c.disconnect()));

    dedupeStoreSuite(async () => redis6());

    it('is refused once, then claims by a script', async () => {
      const store = redis6();
      refusals = 0;
      const guids = [key(), key(), key()];
      expect(await Promise.all(guids.map((g) => store.claim(g)))).toEqual([true, true, true]);
      await store.complete(guids[0]!);
      expect(await store.claim(guids[0]!)).toBe(false);
      expect(await store.claim(guids[1]!)).toBe('in-progress');
      expect(refusals).toBeLessThanOrEqual(3); // the three first claims were under way at once
      const before = refusals;
      await store.claim(key());
      expect(refusals).toBe(before);
    });
  });

  it('keys each GUID under its prefix: a claim lives claimTtlMs, a handled GUID ttlMs', async () => {
    const store = await connect({ prefix: 'crm-a:', claimTtlMs: 20_000, ttlMs: 3_600_000 });
    const redis = new Redis(server.url);
    try {
      const guid = key();
      await store.claim(guid);
      const claimTtl = await redis.pttl(`crm-a:${guid}`);
      expect(claimTtl).toBeGreaterThan(15_000);
      expect(claimTtl).toBeLessThanOrEqual(20_000);
      await store.complete(guid);
      expect(await redis.get(`crm-a:${guid}`)).toBe('done');
      expect(await redis.pttl(`crm-a:${guid}`)).toBeGreaterThan(3_500_000);
      // Another prefix is another set of GUIDs (another CRM on the same Redis).
      expect(await (await connect({ prefix: 'crm-b:' })).claim(guid)).toBe(true);
      expect(await redis.exists(`cpn-kit:dedupe:${guid}`)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  it('renews a claim while its handler runs, and lets it expire once its instance is gone', async () => {
    const holder = await connect({ claimTtlMs: 300 });
    const other = await connect({ claimTtlMs: 300 });
    const slow = key();
    expect(await holder.claim(slow)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 900)); // three TTLs: renewed all along
    expect(await other.claim(slow)).toBe('in-progress');
    expect(holder.claimsHeld).toBe(1);
    await holder.close(0); // the instance dies with the delivery in hand: nobody renews its claim
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await other.claim(slow)).toBe(true);
  });

  it('answers 503 + Retry-After, never a 2xx, while Redis is down, and takes the retry once it is back', async () => {
    const redis = await startRedisServer();
    const store = await RedisDedupeStore.connect({ url: redis.url });
    stores.push(store);
    const handled: string[] = [];
    const r = await startReceiver({ store, onNotification: ({ guid }) => void handled.push(guid) });
    running.push(r);
    const message = freshContactProcessed();
    await redis.stop();
    const refused = await post(r.url, message);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    const body = (await refused.json()) as { status: string; error: string };
    expect(body.status).toBe('rejected');
    expect(body.error).toMatch(/^the dedupe store failed, so the notification was not taken: /);
    expect(body.error).toMatch(
      /Redis claim failed: not connected to redis:\/\/127\.0\.0\.1:\d+\/0 /,
    );
    expect(handled).toEqual([]);
    const back = await startRedisServer({ port: redis.port });
    try {
      let answer = await post(r.url, message);
      for (let i = 0; i < 50 && answer.status === 503; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await post(r.url, message);
      }
      expect(await answer.json()).toEqual({ status: 'accepted', guid: message.GSW_MESSAGE_GUID });
      expect(handled).toEqual([message.GSW_MESSAGE_GUID]);
    } finally {
      await back.stop();
    }
  });

  it('answers 503 within its command timeout when Redis hangs', async () => {
    const redis = await startRedisServer();
    try {
      const store = await RedisDedupeStore.connect({ url: redis.url, commandTimeoutMs: 200 });
      stores.push(store);
      const r = await startReceiver({ store });
      running.push(r);
      redis.pause();
      const started = performance.now();
      const answer = await post(r.url, freshContactProcessed());
      expect(answer.status).toBe(503);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(((await answer.json()) as { error: string }).error).toMatch(/timed out/i);
      redis.resume();
      expect((await post(r.url, freshContactProcessed())).status).toBe(200);
    } finally {
      await redis.stop();
    }
  });

  it('refuses an unreachable Redis, a wrong password and a bad URL, never printing the credentials', async () => {
    const locked = await startRedisServer({ password: 's3cret-pass' });
    try {
      const ok = await RedisDedupeStore.connect({ url: locked.url });
      stores.push(ok);
      expect(await ok.claim(key())).toBe(true);
      expect(ok.address).toBe(`redis://127.0.0.1:${locked.port}/0`);
      const wrong = `redis://:wrong-pass@127.0.0.1:${locked.port}`;
      const refused = await RedisDedupeStore.connect({ url: wrong }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'CPN_DEDUPE_STORE' });
      expect(String(refused)).toContain(`redis://127.0.0.1:${locked.port}`);
      expect(String(refused)).not.toContain('wrong-pass');
    } finally {
      await locked.stop();
    }
    const gone = await RedisDedupeStore.connect({
      url: `redis://user:hidden@127.0.0.1:${server.port + 1}`,
      connectTimeoutMs: 1000,
    }).catch((e: unknown) => e);
    expect(String(gone)).toMatch(/cannot reach the dedupe store at redis:\/\/127\.0\.0\.1:\d+: /);
    expect(String(gone)).not.toContain('hidden');
    const bad = await RedisDedupeStore.connect({ url: 'http://user:hidden@host/' }).catch((e) => e);
    expect(String(bad)).toMatch(/url: expected a redis:\/\/ or rediss:\/\/ URL/);
    expect(String(bad)).not.toContain('hidden');
    await expect(RedisDedupeStore.connect({ url: server.url, ttlMs: 0 })).rejects.toThrow(/ttlMs/);
  });

  it('connects over TLS (rediss://) with the CA given, and refuses an untrusted certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpn-redis-tls-'));
    const { key: pemKey, cert } = await testCertificate();
    writeFileSync(join(dir, 'key.pem'), pemKey);
    writeFileSync(join(dir, 'cert.pem'), cert);
    const files = {
      key: join(dir, 'key.pem'),
      cert: join(dir, 'cert.pem'),
      ca: join(dir, 'cert.pem'),
    };
    const secure = await startRedisServer({ tls: files });
    try {
      expect(secure.url).toMatch(/^rediss:\/\//);
      const store = await RedisDedupeStore.connect({ url: secure.url, tls: { ca: cert } });
      stores.push(store);
      expect(store.address).toBe(`rediss://127.0.0.1:${secure.port}/0`);
      expect(await store.claim(key())).toBe(true);
      const untrusted = await RedisDedupeStore.connect({
        url: secure.url,
        connectTimeoutMs: 2000,
      }).catch((e: unknown) => e);
      expect(untrusted).toMatchObject({ code: 'CPN_DEDUPE_STORE' });
      expect(String(untrusted)).toMatch(/certificate/i);
    } finally {
      await secure.stop();
    }
  });

  it('closes only after the deliveries it is handling were completed or released', async () => {
    const store = await RedisDedupeStore.connect({ url: server.url });
    const guid = key();
    await store.claim(guid);
    let closed = false;
    const closing = store.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    await store.complete(guid);
    await closing;
    await expect(store.claim(key())).rejects.toMatchObject({ code: 'CPN_DEDUPE_STORE' });
    // A completion asked for just before close is sent before the client quits.
    const last = await RedisDedupeStore.connect({ url: server.url });
    const lastGuid = key();
    await last.claim(lastGuid);
    const completing = last.complete(lastGuid);
    await last.close();
    await completing;
    const redis = new Redis(server.url);
    expect(await redis.get(`cpn-kit:dedupe:${lastGuid}`)).toBe('done');
    redis.disconnect();
  });
});
