/**
 * What {@link DedupeStore.claim} found: `true` for a first delivery (the GUID is now claimed, in
 * progress), `false` for a notification already handled, `'in-progress'` while another delivery of
 * it (in this process or, for a shared store, another one) is still being handled.
 */
export type ClaimResult = boolean | 'in-progress';

/**
 * Where a receiver remembers the `GSW_MESSAGE_GUID`s it has handled, so that a retried notification
 * (same GUID, same ETag) is acknowledged again but handled only once. A GUID goes through three
 * states: claimed (its first delivery is being handled), done (`complete`: handled), or forgotten
 * again (`release`: the handler failed, so that OCS's retry is handled). A duplicate of a done GUID
 * is acknowledged (200); a duplicate of a claimed one is not (503 with `Retry-After`: acknowledging
 * it would lose the notification if the first delivery then failed). Implement it over Redis or a
 * database table to share it between instances (`RedisDedupeStore` of `cpn-kit/redis` is one);
 * every method may be async.
 *
 * @example
 * const tableStore: DedupeStore = {
 *   claim: async (guid) => (await db.insertIgnore('cpn_seen', { guid, state: 'claimed' })) ? true
 *     : (await db.stateOf('cpn_seen', guid)) === 'done' ? false : 'in-progress',
 *   complete: async (guid) => { await db.update('cpn_seen', { guid, state: 'done' }); },
 *   release: async (guid) => { await db.delete('cpn_seen', { guid }); },
 * };
 */
export interface DedupeStore {
  /**
   * Claims `guid` (already normalised: lower-case, no braces or dashes) atomically: `true` when it
   * was not there before (a first delivery, now in progress), `false` when it was handled already,
   * `'in-progress'` while another delivery of it holds the claim. A store without `complete` cannot
   * tell the last two apart and answers `false` for both (its duplicates are acknowledged at once).
   */
  claim(guid: string): ClaimResult | Promise<ClaimResult>;
  /**
   * Optional: the first delivery of `guid` was handled (`onNotification` returned): its claim becomes
   * done, and a duplicate is acknowledged from now on. Called before the receiver answers 200.
   */
  complete?(guid: string): void | Promise<void>;
  /**
   * Optional: whether `guid` was handled (done), without recording anything. When present, a resent
   * notification (the same bytes: its `ETag` appears as the body's only `GSW_MESSAGE_GUID`) is
   * acknowledged without parsing and validating the body again.
   */
  has?(guid: string): boolean | Promise<boolean>;
  /** Forgets `guid` again: called when `onNotification` failed, so that OCS's retry is handled. */
  release(guid: string): void | Promise<void>;
}

export { normalizeGuid } from '../ocs/normalizeGuid.js';
