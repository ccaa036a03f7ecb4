import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/codegen/generateValidatorCode.js';
import {
  contactProcessedSchema,
  fieldNames,
  fieldSchema,
  notificationRequestSchema,
  requiredFields,
  resolveRef,
} from '../../src/message/schema.js';

/**
 * The 44 named fields of the vendor's table (shared/spec/contact-processed-notifications.txt), in
 * table order, transcribed by hand for this test, with the five names the PDF cuts completed from
 * shared/spec/facts.md. `kind` is the spec's "Type" column: GUID and "Unix UTC epoch dot
 * milliseconds" are JSON strings with a format. `mandatory` is the spec's "Mandatory" column.
 */
type Kind = 'string' | 'integer' | 'guid' | 'epoch';
const spec: readonly (readonly [name: string, kind: Kind, mandatory: boolean])[] = [
  ['GSW_MESSAGE', 'string', true],
  ['GSW_MESSAGE_GUID', 'guid', true],
  ['GSW_TIMESTAMP', 'epoch', true],
  ['GSW_CALL_ATTEMPT_GUID', 'guid', true],
  ['GSW_PHONE', 'string', true],
  ['GSW_PHONE_TYPE', 'integer', true],
  ['GSW_CHAIN_ID', 'integer', true],
  ['GSW_CHAIN_N', 'integer', true],
  ['GSW_RECORD_HANDLE', 'integer', true],
  ['GSW_REASON', 'integer', true],
  ['GSW_CHAIN_LIFO_GUID', 'guid', false],
  ['GSW_CUSTOMER_ID', 'string', false],
  ['GSW_CALL_RESULT', 'integer', true],
  ['GSW_DISPOSITION_CODE', 'string', false],
  ['GSW_CAMPAIGN_NAME', 'string', true],
  ['GSW_CAMPAIGN_TEMPLATE_NAME', 'string', false],
  ['GSW_CONTACT_MEDIA_TYPE', 'string', true],
  ['GSW_CALLING_LIST', 'string', true],
  ['GSW_CAMPAIGN_GROUP_NAME', 'string', true],
  ['GSW_CAMPAIGN_GROUP_GUID', 'string', true], // "String" in the table, described as a GUID
  ['GSW_GROUP_NAME', 'string', true],
  ['GSW_QUEUE_NAME', 'string', true],
  ['GSW_DIAL_MODE', 'integer', true],
  ['GSW_AGENT_ID', 'string', false],
  ['GSW_RECORD_TYPE', 'integer', true],
  ['GSW_RECORD_STATUS', 'integer', true],
  ['GSW_OPTIMIZE_BY', 'integer', false],
  ['GSW_OPTIMIZE_GOAL', 'integer', false],
  ['GSW_START_PROCESSING', 'epoch', true],
  ['GSW_CALL_TIME', 'epoch', false],
  ['GSW_SCHEDULED_TIME', 'epoch', false],
  ['GSW_DIALING', 'epoch', false],
  ['GSW_RINGING', 'epoch', false],
  ['GSW_RELEASED', 'epoch', false],
  ['GSW_ANSWERED', 'epoch', false],
  ['GSW_CPD_COMPLETED', 'epoch', false],
  ['GSW_QUEUED', 'epoch', false],
  ['GSW_AGENT_RINGING', 'epoch', false],
  ['GSW_AGENT_ANSWERED', 'epoch', false],
  ['GSW_DIVERTED', 'epoch', false],
  ['GSW_ABANDONED', 'epoch', false],
  ['GSW_AGENT_RELEASED', 'epoch', false],
  ['GSW_ACW_COMPLETED', 'epoch', false],
  ['GSW_COMPLETE_PROCESSING', 'epoch', false],
];

const jsonType = (kind: Kind) => (kind === 'integer' ? 'integer' : 'string');

describe('schema/contact-processed.schema.json', () => {
  it('is a valid JSON Schema 2020-12 document (meta-schema), as is the envelope schema', () => {
    const ajv = new Ajv2020({ strict: true });
    ajv.addKeyword({ keyword: 'x-enumNames', schemaType: 'object' });
    expect(contactProcessedSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(ajv.validateSchema(contactProcessedSchema), JSON.stringify(ajv.errors)).toBe(true);
    expect(ajv.validateSchema(notificationRequestSchema), JSON.stringify(ajv.errors)).toBe(true);
    expect(typeof contactProcessedSchema.$id).toBe('string');
  });

  it('compiles in strict mode with the options the validator is generated with', () => {
    const ajv = createAjv();
    expect(ajv.getSchema(String(contactProcessedSchema.$id))).toBeTypeOf('function');
    expect(ajv.getSchema(String(notificationRequestSchema.$id))).toBeTypeOf('function');
  });

  it('the meta-schema check is not vacuous: a schema with a wrong keyword value is rejected', () => {
    const ajv = new Ajv2020({ strict: true });
    expect(ajv.validateSchema({ ...contactProcessedSchema, required: 'GSW_MESSAGE' })).toBe(false);
  });

  it('the transcription has 44 fields, 22 of them mandatory, no duplicates', () => {
    expect(spec).toHaveLength(44);
    expect(new Set(spec.map(([name]) => name)).size).toBe(44);
    expect(spec.filter(([, , mandatory]) => mandatory)).toHaveLength(22);
  });

  it('names exactly the 44 fields of the spec', () => {
    expect([...fieldNames].sort()).toEqual(spec.map(([name]) => name).sort());
  });

  it('requires exactly the 22 mandatory fields (GSW_CAMPAIGN_GROUP_GUID included), no more', () => {
    expect([...requiredFields].sort()).toEqual(
      spec
        .filter(([, , m]) => m)
        .map(([name]) => name)
        .sort(),
    );
    expect(requiredFields).toContain('GSW_CAMPAIGN_GROUP_GUID');
  });

  it.each(spec)('%s has the JSON type the spec gives (%s)', (name, kind) => {
    const node = fieldSchema(name);
    expect(node?.type).toBe(jsonType(kind));
    if (kind === 'guid')
      expect(contactProcessedSchema.properties?.[name]?.$ref).toBe('#/$defs/guid');
    if (kind === 'epoch')
      expect(contactProcessedSchema.properties?.[name]?.$ref).toBe('#/$defs/epochMillis');
  });

  it.each(fieldNames)('%s has a description and an example of its own type', (name) => {
    const node = fieldSchema(name)!;
    expect(node.description?.length).toBeGreaterThan(10);
    const example = node.examples?.[0];
    expect(node.type === 'integer' ? Number.isInteger(example) : typeof example === 'string').toBe(
      true,
    );
  });

  it('GSW_MESSAGE is the constant ContactProcessed; GSW_CONTACT_MEDIA_TYPE is voice, sms or email', () => {
    expect(fieldSchema('GSW_MESSAGE')?.const).toBe('ContactProcessed');
    expect(fieldSchema('GSW_CONTACT_MEDIA_TYPE')?.enum).toEqual(['voice', 'sms', 'email']);
  });

  it('the six integer enumerations carry name tables and are validated as plain integers', () => {
    const withNames = fieldNames
      .filter((f) => fieldSchema(f)?.['x-enumNames'] !== undefined)
      .sort();
    expect(withNames).toEqual([
      'GSW_CALL_RESULT',
      'GSW_DIAL_MODE',
      'GSW_OPTIMIZE_BY',
      'GSW_PHONE_TYPE',
      'GSW_RECORD_STATUS',
      'GSW_RECORD_TYPE',
    ]);
    for (const field of withNames) {
      expect(fieldSchema(field)?.type).toBe('integer');
      expect(fieldSchema(field)?.enum).toBeUndefined();
    }
    expect(fieldSchema('GSW_CALL_RESULT')?.['x-enumNames']?.['53']).toBe('Wrong Number');
    expect(fieldSchema('GSW_REASON')?.['x-enumNames']).toBeUndefined();
  });

  it('resolveRef merges the $defs target under the field node and rejects an unknown $ref', () => {
    const resolved = resolveRef({ $ref: '#/$defs/guid', description: 'mine' });
    expect(resolved.type).toBe('string');
    expect(resolved.pattern).toBeTypeOf('string');
    expect(resolved.description).toBe('mine');
    expect(() => resolveRef({ $ref: '#/$defs/nope' })).toThrow(/nope/);
  });

  it('user-defined fields are strings; unknown GSW_ keys are not constrained by the schema', () => {
    expect(contactProcessedSchema.additionalProperties).toMatchObject({ type: 'string' });
    expect(Object.keys(contactProcessedSchema.patternProperties ?? {})).toEqual(['^GSW_']);
  });
});
