import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { contactProcessedSchema, notificationRequestSchema } from '../message/schema.js';
import { doNotEditHeader } from './generateTypes.js';

/**
 * An ajv instance holding both schemas with the options cpn-kit validates with: every error, not
 * only the first (a person fixes them all at once), with the failing schema node attached (its
 * `title` says what was expected), and `x-enumNames` known as an annotation keyword.
 */
export function createAjv(options: { code?: { source: boolean; esm: boolean } } = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, ...options });
  ajv.addKeyword({ keyword: 'x-enumNames', schemaType: 'object' });
  ajv.addSchema(contactProcessedSchema, String(contactProcessedSchema.$id));
  ajv.addSchema(notificationRequestSchema, String(notificationRequestSchema.$id));
  return ajv;
}

/**
 * The ajv standalone validator module for the body and the envelope. Precompiled so that neither
 * the CLI nor a user's process pays for compiling the schema at start-up.
 */
export function generateValidatorCode(): string {
  const ajv = createAjv({ code: { source: true, esm: true } });
  const code = standaloneCode.default(ajv, {
    validateBody: String(contactProcessedSchema.$id),
    validateEnvelope: String(notificationRequestSchema.$id),
  });
  return `${doNotEditHeader('schema/*.schema.json', 'cpn-kit generate types')}// @ts-nocheck\n${code}\n`;
}
