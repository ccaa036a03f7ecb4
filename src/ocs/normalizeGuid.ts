/**
 * Normalises a GUID to the form the store keys on: the schema accepts braces, dashes and either
 * case, and OCS may not write the same GUID the same way every time.
 */
export function normalizeGuid(guid: string): string {
  return guid.replace(/[{}-]/g, '').toLowerCase();
}
