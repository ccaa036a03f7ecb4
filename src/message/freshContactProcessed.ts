import { randomUUID } from 'node:crypto';
import type { ContactProcessed } from './ContactProcessed.generated.js';
import { buildContactProcessed, type ContactProcessedOverrides } from './buildContactProcessed.js';

/** A moment as OCS writes its timestamps: epoch seconds, a dot, three digits of milliseconds (`"1732486400.123"`). */
export function epochMillis(ms: number = Date.now()): string {
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
}

/**
 * A new, distinct notification, as OCS makes one per processed chain: the schema's example values with
 * a new GSW_MESSAGE_GUID, GSW_CALL_ATTEMPT_GUID and the current GSW_TIMESTAMP, then your overrides.
 * Use it for every notification you send in a test: two of them never look like a retry of each other.
 *
 * @example
 * const message = freshContactProcessed({ GSW_CALL_RESULT: 7 });
 * // a retry resends these same bytes: JSON.stringify(message)
 */
export function freshContactProcessed(overrides: ContactProcessedOverrides = {}): ContactProcessed {
  return buildContactProcessed({
    GSW_MESSAGE_GUID: randomUUID(),
    GSW_CALL_ATTEMPT_GUID: randomUUID(),
    GSW_TIMESTAMP: epochMillis(),
    ...overrides,
  });
}
