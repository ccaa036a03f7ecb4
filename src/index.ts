/**
 * cpn-kit: contract tests and conformance checks for Genesys OCS contact-processed notifications.
 * This file is the whole public API; everything else is internal.
 */
export type { ContactProcessed } from './message/ContactProcessed.generated.js';
export type { Issue, IssueCode, ValidationResult } from './message/Issue.js';
export { validateContactProcessed } from './message/validateContactProcessed.js';
export {
  validateNotificationRequest,
  type NotificationRequest,
  type NotificationRequestResult,
} from './message/validateNotificationRequest.js';
export { buildContactProcessed, type ContactProcessedOverrides } from './message/buildContactProcessed.js';
export { fixtures, fixtureNames, getFixture, type Fixture, type FixtureName } from './message/fixtures.js';
export { arbitraryContactProcessed, generateContactProcessed } from './message/arbitraryContactProcessed.js';
export { enumName, enumNames } from './message/enumNames.js';
export { contactProcessedSchema, notificationRequestSchema, fieldNames, requiredFields } from './message/schema.js';
