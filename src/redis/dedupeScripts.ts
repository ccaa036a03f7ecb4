/**
 * The Lua scripts of {@link RedisDedupeStore}, each run atomically by Redis. A claim's value is a
 * token of the instance that holds it (so that only it can release or renew it); a handled GUID's
 * value is `done`.
 */
export const dedupeScripts = Object.freeze({
  /**
   * KEYS[1] the GUID's key, ARGV[1] the claim's token, ARGV[2] the claim TTL in ms: 1 claimed now (a
   * first delivery), 0 handled already, 2 claimed by a delivery still being handled.
   */
  claim: `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == 'done' then return 0 end
return 2`,
  /** KEYS[1], ARGV[1] the token: deletes the claim if it is still this one (never a `done`, never another's claim). */
  release: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  /** KEYS[1], ARGV[1] the token, ARGV[2] the claim TTL in ms: renews the claim if it is still this one. */
  renew: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
});
