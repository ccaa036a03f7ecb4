import { documentInfo, responseMeanings } from './documentInfo.js';
import { envelopeHeaders, fixtureExamples, schemaComponents } from './schemaComponents.js';

/**
 * An AsyncAPI 3.1 document of the same message: OCS sends `ContactProcessed` on the channel of the
 * notification URI over HTTP POST. For AsyncAPI tooling (Microcks, generators).
 */
export function generateAsyncApi(): Record<string, unknown> {
  const prefix = '#/components/schemas/';
  const headers = envelopeHeaders(prefix);
  const headerSchema = {
    type: 'object',
    required: headers.filter((h) => h.required).map((h) => h.name),
    properties: Object.fromEntries(
      headers.map(({ name, schema, description }) => [name, { ...schema, description }]),
    ),
  };
  const info = documentInfo();
  return {
    asyncapi: '3.1.0',
    info: {
      ...info,
      description: `${info.description}\n\nAnswers: ${Object.entries(responseMeanings)
        .map(([status, meaning]) => `${status}: ${meaning}`)
        .join(' ')}`,
    },
    channels: {
      contactProcessed: {
        address: '/contact-processed',
        title: 'The receiver endpoint (the path of contact-processed-notification-uri)',
        messages: { contactProcessed: { $ref: '#/components/messages/ContactProcessed' } },
      },
    },
    operations: {
      sendContactProcessed: {
        action: 'send',
        title: 'OCS sends a contact-processed notification',
        channel: { $ref: '#/channels/contactProcessed' },
        messages: [{ $ref: '#/channels/contactProcessed/messages/contactProcessed' }],
        bindings: { http: { method: 'POST', bindingVersion: '0.3.0' } },
      },
    },
    components: {
      messages: {
        ContactProcessed: {
          name: 'ContactProcessed',
          title: 'Contact processed',
          contentType: 'application/json',
          headers: headerSchema,
          payload: { $ref: `${prefix}ContactProcessed` },
          examples: fixtureExamples().map(({ name, summary, value }) => ({
            name,
            summary,
            payload: value,
          })),
        },
      },
      schemas: schemaComponents(prefix),
    },
  };
}
