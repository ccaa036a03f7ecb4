import { documentInfo, responseMeanings } from './documentInfo.js';
import { envelopeHeaders, fixtureExamples, schemaComponents } from './schemaComponents.js';

/**
 * An OpenAPI 3.1 document whose `webhooks.contactProcessed` describes the notification: the body
 * from the canonical schema, the headers from the envelope schema, the fixtures as examples, and
 * what a 2xx / 3xx / 4xx / 5xx answer means to OCS. For OpenAPI tooling (Prism, Specmatic, Microcks).
 */
export function generateOpenApi(): Record<string, unknown> {
  const prefix = '#/components/schemas/';
  // OpenAPI ignores Content-Type (and Content-Length) header parameters: the body's media type says it.
  const parameters = envelopeHeaders(prefix)
    .filter((header) => !['Content-Type', 'Content-Length'].includes(header.name))
    .map(({ name, required, schema, description }) => ({
      name,
      in: 'header',
      required,
      description,
      schema,
    }));
  return {
    openapi: '3.1.0',
    info: documentInfo(),
    webhooks: {
      contactProcessed: {
        post: {
          operationId: 'contactProcessed',
          summary: 'OCS reports a processed chain',
          description:
            'OCS POSTs one notification per chain when the chain reaches the processed state, ' +
            'to the URI of the contact-processed-notification-uri option, with the headers of ' +
            'http-custom-headers added. Retries resend the same bytes.',
          parameters,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: `${prefix}ContactProcessed` },
                examples: Object.fromEntries(
                  fixtureExamples().map(({ name, summary, value }) => [name, { summary, value }]),
                ),
              },
            },
          },
          responses: Object.fromEntries(
            Object.entries(responseMeanings).map(([status, description]) => [
              status,
              { description },
            ]),
          ),
        },
      },
    },
    components: { schemas: schemaComponents(prefix) },
  };
}
