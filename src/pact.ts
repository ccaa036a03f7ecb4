/**
 * `cpn-kit/pact`: the kit's Pact contracts, the schema-derived matchers, writing the contracts under
 * your own pacticipant names, and checkReceiver (Pact's Verifier plus the checks Pact cannot
 * express). Needs the `@pact-foundation/pact` peer dependency (16.x or 17.x).
 */
export { checkReceiver, type CheckReceiverOptions } from './checks/receiver/checkReceiver.js';
export type { HandledCount } from './receiver/readHandledCount.js';
export { contactProcessedMatchers } from './pact/contactProcessedMatchers.js';
export { CONSUMER_NAME, DEFAULT_PROVIDER_NAME, DUPLICATE_STATE } from './pact/contractNames.js';
export { contractPath, HTTP_PACT_FILE, MESSAGE_PACT_FILE } from './pact/contractsDir.js';
export {
  receiverVerifierOptions,
  type ReceiverVerifierOptions,
  type ReceiverVerifierSetup,
} from './pact/receiverVerifierOptions.js';
