import type { AjvError } from './ajvIssues.js';
import * as generated from './validators.generated.js';

/** A precompiled ajv validator: returns whether the data is valid and leaves its errors on itself. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

/** The notification body validator, precompiled from `schema/contact-processed.schema.json`. */
export const validateBody = generated.validateBody as unknown as CompiledValidator;

/** The HTTP envelope validator, precompiled from `schema/notification-request.schema.json`. */
export const validateEnvelope = generated.validateEnvelope as unknown as CompiledValidator;
