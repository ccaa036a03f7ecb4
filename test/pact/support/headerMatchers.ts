import type { ContactProcessed } from '../../../src/message/ContactProcessed.generated.js';
import {
  notificationRequestSchema,
  resolveRef,
  type SchemaNode,
} from '../../../src/message/schema.js';
import { matcherFor } from '../../../src/pact/contactProcessedMatchers.js';

function envelopeHeader(name: string): SchemaNode {
  const node = notificationRequestSchema.properties?.headers?.properties?.[name];
  if (node === undefined) throw new Error(`schema: the envelope has no header ${name}`);
  // The envelope refers to the body schema's $defs (e.g. the GUID pattern for the ETag).
  return resolveRef(node);
}

/**
 * The Pact header template of a notification, derived from the envelope schema: `Content-Type`
 * by its pattern and `ETag` by the GUID pattern, with the message's GUID as the example.
 */
export function headerMatchers(message: ContactProcessed): Record<string, unknown> {
  return {
    'Content-Type': matcherFor(envelopeHeader('content-type'), 'application/json'),
    ETag: matcherFor(envelopeHeader('etag'), message.GSW_MESSAGE_GUID),
  };
}
