import {
  contactProcessedSchema,
  notificationRequestSchema,
  type SchemaNode,
} from '../message/schema.js';
import { fixtureNames, fixtures } from '../message/fixtures.js';

const defNames: Record<string, string> = { guid: 'Guid', epochMillis: 'EpochMillis' };

/** Rewrites `#/$defs/x` references of the canonical schema to `prefix + ComponentName`. */
function rewriteRefs(node: unknown, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, prefix));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')) {
        const name = defNames[value.slice('#/$defs/'.length)];
        if (name === undefined) throw new Error(`schema: no component name for ${value}`);
        return [key, prefix + name];
      }
      return [key, rewriteRefs(value, prefix)];
    }),
  );
}

/**
 * The canonical schema as API-document components: `ContactProcessed` plus one component per
 * `$defs` entry, references rewritten to `prefix` (for example `#/components/schemas/`). `$id` and
 * `$schema` are dropped, as the documents' own dialects apply.
 */
export function schemaComponents(prefix: string): Record<string, unknown> {
  const { $id: _id, $schema: _schema, $defs, ...body } = contactProcessedSchema;
  const components: Record<string, unknown> = { ContactProcessed: rewriteRefs(body, prefix) };
  for (const [name, def] of Object.entries($defs ?? {}))
    components[defNames[name] ?? name] = rewriteRefs(def, prefix);
  return components;
}

/** The header rules of the envelope schema, with the spec's spelling of each header name. */
export function envelopeHeaders(
  prefix: string,
): Array<{ name: string; required: boolean; schema: SchemaNode; description: string }> {
  const headers = notificationRequestSchema.properties?.headers;
  const required = new Set(headers?.required ?? []);
  const spelled: Record<string, string> = {
    etag: 'ETag',
    'user-agent': 'User-Agent',
    'content-type': 'Content-Type',
    'content-length': 'Content-Length',
    accept: 'Accept',
    host: 'Host',
  };
  return Object.entries(headers?.properties ?? {}).map(([name, node]) => {
    const { description = '', $ref, ...rest } = node;
    const schema = (
      $ref === undefined
        ? rest
        : { $ref: `${prefix}${defNames[$ref.split('/').pop() ?? ''] ?? ''}` }
    ) as SchemaNode;
    return { name: spelled[name] ?? name, required: required.has(name), schema, description };
  });
}

/** The fixtures as named examples: the documents' examples are the kit's fixtures, not new text. */
export function fixtureExamples(): Array<{ name: string; summary: string; value: unknown }> {
  return fixtureNames.map((name) => ({
    name,
    summary: fixtures[name].description,
    value: fixtures[name].message,
  }));
}
