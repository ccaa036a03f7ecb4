import type { ContactProcessed } from './ContactProcessed.generated.js';
import { contactProcessedSchema, requiredFields } from './schema.js';

/** A message under construction: any field may be given; `undefined` removes a field. */
export type ContactProcessedOverrides = { readonly [field: string]: unknown };

/** The example value the schema gives for a field (every field of the schema has one). */
export function exampleValue(field: string): unknown {
  const example = contactProcessedSchema.properties?.[field]?.examples?.[0];
  if (example === undefined) throw new Error(`schema: field ${field} has no example`);
  return example;
}

/** Applies overrides to a message; an override of `undefined` removes the field. */
export function applyOverrides(
  base: Record<string, unknown>,
  overrides: ContactProcessedOverrides,
): ContactProcessed {
  const message: Record<string, unknown> = { ...base };
  for (const [field, value] of Object.entries(overrides)) {
    if (value === undefined) delete message[field];
    else message[field] = value;
  }
  return message as ContactProcessed;
}

/**
 * Builds a valid notification body: every mandatory field, with the schema's example values,
 * then your overrides (`undefined` removes a field). Deterministic: give your own
 * `GSW_MESSAGE_GUID` when you need distinct notifications.
 *
 * @example
 * const message = buildContactProcessed({ GSW_MESSAGE_GUID: randomUUID(), GSW_CALL_RESULT: 7 });
 */
export function buildContactProcessed(overrides: ContactProcessedOverrides = {}): ContactProcessed {
  return applyOverrides(
    Object.fromEntries(requiredFields.map((field) => [field, exampleValue(field)])),
    overrides,
  );
}
