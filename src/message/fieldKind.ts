import { enumNames } from './enumNames.js';
import { contactProcessedSchema, fieldSchema } from './schema.js';

/**
 * What kind of value a field of the schema holds, read from its schema node: the one reading every
 * generator of the kit (the valid messages of `send`, the probes of `check-receiver --explore`) uses.
 * - `const`: one literal (GSW_MESSAGE);
 * - `guid`, `epochMillis`: a string of that `$defs` format;
 * - `closed-enum`: a string from a closed list (GSW_CONTACT_MEDIA_TYPE);
 * - `table`: an integer with a name table (`x-enumNames`) vendors extend: any integer is valid;
 * - `integer`: any other integer;
 * - `text`: any other string.
 */
export type FieldKind =
  'const' | 'guid' | 'epochMillis' | 'closed-enum' | 'table' | 'integer' | 'text';

/** The kind of a field the schema names; throws for a field it does not or a node it cannot read. */
export function fieldKind(field: string): FieldKind {
  const node = fieldSchema(field);
  if (node === undefined) throw new Error(`schema: no field ${field}`);
  const ref = contactProcessedSchema.properties?.[field]?.$ref;
  if (ref === '#/$defs/guid') return 'guid';
  if (ref === '#/$defs/epochMillis') return 'epochMillis';
  if (node.const !== undefined) return 'const';
  if (node.enum !== undefined) return 'closed-enum';
  if (node.type === 'integer') return enumNames[field] === undefined ? 'integer' : 'table';
  if (node.type === 'string') return 'text';
  throw new Error(`schema: no kind for field ${field}`);
}
