import { createRequire } from 'node:module';

/** A JSON Schema node, as far as cpn-kit reads one. */
export interface SchemaNode {
  readonly title?: string;
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly $ref?: string;
  readonly description?: string;
  readonly examples?: readonly unknown[];
  readonly 'x-enumNames'?: Readonly<Record<string, string>>;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly patternProperties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly $defs?: Readonly<Record<string, SchemaNode>>;
  readonly [keyword: string]: unknown;
}

const require = createRequire(import.meta.url);

/**
 * The canonical JSON Schema of the notification body (`schema/contact-processed.schema.json`),
 * the single source every type, validator, matcher and fixture of cpn-kit is derived from.
 */
export const contactProcessedSchema =
  require('../../schema/contact-processed.schema.json') as SchemaNode;

/** The JSON Schema of the HTTP envelope (`schema/notification-request.schema.json`). */
export const notificationRequestSchema =
  require('../../schema/notification-request.schema.json') as SchemaNode;

/**
 * The one `$ref` resolver of the kit: follows a reference to the body schema's `$defs`, written
 * locally (`#/$defs/guid`) or from the envelope schema (`contact-processed.schema.json#/$defs/guid`);
 * the node's own keywords win over the definition's. Other nodes are returned as they are.
 */
export function resolveRef(node: SchemaNode): SchemaNode {
  const ref = node.$ref;
  if (ref === undefined) return node;
  const name = /^(?:contact-processed\.schema\.json)?#\/\$defs\/(.+)$/.exec(ref)?.[1];
  const target = name === undefined ? undefined : contactProcessedSchema.$defs?.[name];
  if (target === undefined) throw new Error(`schema: cannot resolve $ref ${ref}`);
  const { $ref: _ref, ...own } = node;
  return { ...target, ...own };
}

/** Every field the schema names, in schema order. */
export const fieldNames: readonly string[] = Object.keys(contactProcessedSchema.properties ?? {});

/** The fields the schema marks mandatory. */
export const requiredFields: readonly string[] = contactProcessedSchema.required ?? [];

/** The schema node of a named field, with its `$ref` resolved. */
export function fieldSchema(field: string): SchemaNode | undefined {
  const node = contactProcessedSchema.properties?.[field];
  return node === undefined ? undefined : resolveRef(node);
}
