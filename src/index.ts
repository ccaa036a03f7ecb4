/**
 * cpn-kit: contract tests and conformance checks for Genesys OCS contact-processed notifications.
 * This file is the package root's public API, which needs no peer dependency; what needs msw is in
 * `cpn-kit/msw` (./msw.ts), what needs Pact in `cpn-kit/pact` (./pact.ts). Everything else is internal.
 */
export type { ContactProcessed } from './message/ContactProcessed.generated.js';
export type { Issue, IssueCode, ValidationResult } from './message/Issue.js';
export { validateContactProcessed } from './message/validateContactProcessed.js';
export {
  validateNotificationRequest,
  type NotificationRequest,
  type NotificationRequestResult,
} from './message/validateNotificationRequest.js';
export {
  buildContactProcessed,
  type ContactProcessedOverrides,
} from './message/buildContactProcessed.js';
export { freshContactProcessed } from './message/freshContactProcessed.js';
export {
  fixtures,
  fixtureNames,
  getFixture,
  type Fixture,
  type FixtureName,
} from './message/fixtures.js';
export {
  arbitraryContactProcessed,
  generateContactProcessed,
} from './message/arbitraryContactProcessed.js';
export { enumName } from './message/enumNames.js';
export { contactProcessedSchema } from './message/schema.js';
export { assumptions } from './assumptions.js';
export { CpnError } from './errors/CpnError.js';
export { OptionError, type OptionIssue } from './errors/OptionError.js';
export type { RetryCondition, RetryPolicy } from './retry/retryPolicy.js';
export {
  createSender,
  type Sender,
  type SenderOptions,
  type SendResult,
  type AttemptEvent,
} from './sender/createSender.js';
export { PROTECTED_HEADERS } from './ocs/customHeaders.js';
export { fromOcsOptions, senderOptionsFromOcs } from './sender/fromOcsOptions.js';
export { sendBatch, type SendBatchOptions, type SendSummary } from './sender/sendBatch.js';
export {
  checkSender,
  type CheckSenderOptions,
  type SenderTarget,
  type ScenarioTarget,
} from './checks/sender/checkSender.js';
export type { SenderOutcome, ScenarioRun } from './checks/sender/SenderRun.js';
export { scenarioCatalog, getScenario } from './scenarios/scenarioCatalog.js';
export type { Scenario } from './scenarios/Scenario.js';
export {
  createScenarioSession,
  type ScenarioSession,
  type ScenarioSessionOptions,
  type RecordedAttempt,
} from './scenarios/createScenarioSession.js';
export { serveScenarios } from './scenarios/serveScenarios.js';
export { judgeSession, type SessionEvidence } from './checks/sender/judgeSession.js';
export { judgeScenario } from './checks/sender/judgeScenario.js';
export {
  createReceiver,
  type Receiver,
  type ReceiverOptions,
  type ReceivedNotification,
  type ReceiverAnswer,
  type ReceiverOutcome,
  type ReceiverStats,
  type AnsweredExchange,
} from './receiver/createReceiver.js';
export {
  startReceiver,
  type StartReceiverOptions,
  type RunningReceiver,
} from './receiver/startReceiver.js';
export { type ClaimResult, type DedupeStore } from './receiver/DedupeStore.js';
export { normalizeGuid } from './ocs/normalizeGuid.js';
export { LruDedupeStore, type LruDedupeStoreOptions } from './receiver/LruDedupeStore.js';
export {
  reportPassed,
  type Report,
  type Finding,
  type FindingStatus,
  type ExchangeRecord,
} from './report/Report.js';
export { formatReport } from './report/formatReport.js';
export { reportToJUnit } from './report/reportToJUnit.js';
export { reportToHtml } from './report/reportToHtml.js';
export { writeReport, type ReportOutputs } from './report/writeReport.js';
