import { enumNames } from '../message/enumNames.js';
import {
  contactProcessedSchema,
  fieldNames,
  fieldSchema,
  requiredFields,
} from '../message/schema.js';
import { asText } from '../util/asText.js';

const START =
  '<!-- field-table:start (generated from the schema by npm run generate; do not edit) -->';
const END = '<!-- field-table:end -->';

/** The document that holds the field table between its markers, relative to the repository root. */
export const FIELD_TABLE_FILE = 'docs/fields.md';

function typeOf(field: string): string {
  const node = fieldSchema(field)!;
  const ref = contactProcessedSchema.properties?.[field]?.$ref;
  if (ref === '#/$defs/guid') return 'string, GUID';
  if (ref === '#/$defs/epochMillis') return 'string, epoch.millis';
  if (node.const !== undefined) return `string, always \`${asText(node.const)}\``;
  if (node.enum !== undefined)
    return `string, one of ${node.enum.map((v) => `\`${asText(v)}\``).join(' / ')}`;
  if (enumNames[field] !== undefined) return 'integer, enumeration';
  return String(node.type);
}

/**
 * The field table of docs/fields.md: every field of the schema, its JSON type, whether it is
 * mandatory, and its description.
 */
export function generateFieldTable(): string {
  const required = new Set(requiredFields);
  const rows = fieldNames.map((field) => {
    const description = (fieldSchema(field)!.description ?? '')
      .replace(/\|/g, '\\|')
      .replace(/\n/g, ' ');
    return `| \`${field}\` | ${typeOf(field)} | ${required.has(field) ? 'yes' : 'no'} | ${description} |`;
  });
  return [
    '| field | JSON type | mandatory | when present, what it says |',
    '|---|---|---|---|',
    ...rows,
    '| any other key not starting with `GSW_` | string | no | A user-defined field (a ' +
      'calling-list field with a send_attribute, changed during this round of processing). |',
  ].join('\n');
}

/** The document (docs/fields.md) with its field-table region replaced by the current table. */
export function withFieldTable(markdown: string): string {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`${FIELD_TABLE_FILE}: the markers ${START} and ${END} are missing`);
  return `${markdown.slice(0, start + START.length)}\n${generateFieldTable()}\n${markdown.slice(end)}`;
}
