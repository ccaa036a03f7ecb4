import { guidFromName } from '../../message/fixtures.js';

/**
 * The GSW_MESSAGE_GUID of a generated body: derived from the rest of its content. The same body
 * always carries the same GUID (a replay with the same seed is a retry of the same notification, as
 * OCS would send it, and a receiver that deduplicates acknowledges it as one); two different bodies
 * never share one, so a deduplicating receiver never answers one body for another while a failure
 * is shrunk.
 */
export const contentGuid = (content: unknown): string =>
  guidFromName(`explore/${JSON.stringify(content)}`);
