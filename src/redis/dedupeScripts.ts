/**
 * The Lua scripts of {@link RedisDedupeStore}, each run atomically by Redis. A claim's value is a
 * token of the instance that holds it (so that only it can release or renew it); a handled GUID's
 * value is `done`.
 */
export const dedupeScripts = Object.freeze({
  /**
   * KEYS[1] the GUID's key, ARGV[1] the claim's token, ARGV[2] the claim TTL in ms: `SET … NX PX …
   * GET` for Redis before 7 (which refuses NX with GET): nil when claimed now (a first delivery),
   * else what the key holds (`done`, or another delivery's token while it is being handled).
   */
  claim: `local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`,
  /** KEYS[1], ARGV[1] the token: deletes the claim if it is still this one (never a `done`, never another's claim). */
  release: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  /** KEYS[1], ARGV[1] the token, ARGV[2] the claim TTL in ms: renews the claim if it is still this one. */
  renew: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
});
