import { jsonText } from '../util/jsonText.js';

/**
 * The body's JSON without GSW_MESSAGE_GUID and GSW_TIMESTAMP: equal for a retry whose GUID was
 * (wrongly) regenerated. Undefined for a body nested deeper than 64 levels (no notification is; its
 * retries are then not recognised by content, and nothing walks it recursively).
 */
export function contentFingerprint(
  body: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  if (body === undefined) return undefined;
  // The fields in the order sent: a retry resends the same object (undefined values are left out).
  return jsonText({ ...body, GSW_MESSAGE_GUID: undefined, GSW_TIMESTAMP: undefined });
}
