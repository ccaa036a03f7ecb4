/**
 * A pact file without what changes from run to run or machine to machine (the `metadata` block:
 * library versions), so a committed contract can be compared with a freshly generated one.
 */
export function stablePact(pact: unknown): unknown {
  if (typeof pact !== 'object' || pact === null) return pact;
  const { metadata: _metadata, ...rest } = pact as Record<string, unknown>;
  return rest;
}
