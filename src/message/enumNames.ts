import { contactProcessedSchema } from './schema.js';

/**
 * The name tables of the integer enumerations, read from the schema's `x-enumNames` annotations:
 * field → (value → name). Validation never relies on them (vendors extend these tables); they are
 * for reports a person reads.
 */
export const enumNames: Readonly<Record<string, Readonly<Record<string, string>>>> =
  Object.fromEntries(
    Object.entries(contactProcessedSchema.properties ?? {}).flatMap(([field, node]) => {
      const names = node['x-enumNames'];
      return names === undefined ? [] : [[field, names]];
    }),
  );

/**
 * The name of an enumeration value, or undefined when the field has no table or the value is not in it.
 *
 * @example enumName('GSW_CALL_RESULT', 33) // 'Answer'
 */
export function enumName(field: string, value: number): string | undefined {
  return enumNames[field]?.[String(value)];
}
