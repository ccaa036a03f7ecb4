import { MatchersV3 } from '@pact-foundation/pact';
import type { ContactProcessed } from '../message/ContactProcessed.generated.js';
import { contactProcessedSchema, resolveRef, type SchemaNode } from '../message/schema.js';
import { regexLiteral } from '../util/regexLiteral.js';

/** The Pact matcher the schema implies for one value: exact only for `const`, else by type, pattern or enumeration. */
export function matcherFor(node: SchemaNode | undefined, value: unknown): unknown {
  if (node === undefined) return MatchersV3.like(value);
  const resolved = resolveRef(node);
  if (resolved.const !== undefined) return MatchersV3.equal(resolved.const);
  if (resolved.pattern !== undefined) return MatchersV3.regex(resolved.pattern, String(value));
  if (resolved.enum !== undefined)
    return MatchersV3.regex(
      `^(?:${resolved.enum.map((v) => regexLiteral(String(v))).join('|')})$`,
      String(value),
    );
  switch (resolved.type) {
    case 'integer':
      return MatchersV3.integer(value as number);
    case 'number':
      return MatchersV3.number(value as number);
    case 'string':
      return MatchersV3.string(String(value));
    case 'boolean':
      return MatchersV3.boolean(value as boolean);
    default:
      return MatchersV3.like(value);
  }
}

/**
 * The schema node that governs a key: a named property, a matching `patternProperties` entry, or
 * `additionalProperties`.
 */
function nodeForKey(key: string): SchemaNode | undefined {
  const named = contactProcessedSchema.properties?.[key];
  if (named !== undefined) return named;
  for (const [pattern, node] of Object.entries(contactProcessedSchema.patternProperties ?? {})) {
    if (new RegExp(pattern, 'u').test(key)) return node;
  }
  const additional = contactProcessedSchema.additionalProperties;
  return typeof additional === 'object' ? additional : undefined;
}

/**
 * A Pact body template for a notification, derived from the canonical schema by walking its
 * properties: `GSW_MESSAGE` (a `const`) is matched exactly; GUIDs and timestamps by the regexes of
 * `$defs`; the media type by its enumeration; integers and strings by type; user-defined fields as
 * strings (`additionalProperties`); an unknown `GSW_` field by type. The example values are the
 * message's own. Use it in your own Pact tests (`withJSONContent(...)`, `jsonBody(...)`).
 *
 * @example
 * pact.addAsynchronousInteraction()
 * .expectsToReceive('a contact-processed notification', (m) =>
 * m.withJSONContent(contactProcessedMatchers(getFixture('full').message)))
 *   .executeTest(async (m) => myWorker(m.contents));
 */
export function contactProcessedMatchers(
  message: ContactProcessed | Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(message).map(([key, value]) => [key, matcherFor(nodeForKey(key), value)]),
  );
}
