/**
 * `cpn-kit/redis`: the dedupe store the reference receiver's instances share, on Redis. Needs the
 * `ioredis` peer dependency (5 or 6).
 */
export {
  RedisDedupeStore,
  type RedisDedupeStoreOptions,
  type RedisDedupeStoreConnectOptions,
} from './redis/RedisDedupeStore.js';
