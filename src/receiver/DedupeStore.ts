/**
 * Where a receiver remembers the `GSW_MESSAGE_GUID`s it has already accepted, so that a retried
 * notification (same GUID, same ETag) is acknowledged again but handled only once. Implement it
 * over Redis or a database table to share it between instances; every method may be async.
 *
 * @example
 * const redisStore: DedupeStore = {
 *   claim: async (guid) => (await redis.set(`cpn:${guid}`, '1', { NX: true, EX: 86400 })) === 'OK',
 *   release: async (guid) => { await redis.del(`cpn:${guid}`); },
 * };
 */
export interface DedupeStore {
  /**
   * Records `guid` (already normalised: lower-case, no braces or dashes). Resolves `true` when it
   * was not there before (a first delivery), `false` for a duplicate.
   */
  claim(guid: string): boolean | Promise<boolean>;
  /**
   * Optional: whether `guid` was already accepted, without recording it. When present, a resent
   * notification (the same bytes: its `ETag` appears as the body's only `GSW_MESSAGE_GUID`) is
   * acknowledged without parsing and validating the body again.
   */
  has?(guid: string): boolean | Promise<boolean>;
  /** Forgets `guid` again: called when `onNotification` failed, so that OCS's retry is handled. */
  release(guid: string): void | Promise<void>;
}

/**
 * Normalises a GUID to the form the store keys on: the schema accepts braces, dashes and either
 * case, and OCS may not write the same GUID the same way every time.
 */
export function normalizeGuid(guid: string): string {
  return guid.replace(/[{}-]/g, '').toLowerCase();
}
