/** The Pact name of the sending side: OCS, or anything that sends as OCS does. */
export const CONSUMER_NAME = 'ocs-contact-processed';

/** The default Pact name of the receiving side (overridable with `--provider` when verifying). */
export const DEFAULT_PROVIDER_NAME = 'crm-receiver';

/**
 * The provider state of the duplicate-delivery interaction: the kit's state handler pre-delivers the
 * notification with the GUID given in the state's `GSW_MESSAGE_GUID` parameter.
 */
export const DUPLICATE_STATE = 'notification GUID was already received';

/** The path the contract's example request uses; any path matches, check-receiver posts to the URL's own path. */
export const CONTRACT_EXAMPLE_PATH = '/notifications';

/** The Pact name of the queue worker in the message pact (the consumer of the queued message). */
export const MESSAGE_CONSUMER_NAME = 'crm-receiver';

/** The Pact name of the message producer in the message pact. */
export const MESSAGE_PROVIDER_NAME = 'ocs-contact-processed';

/** The description of the message pact's one asynchronous interaction. */
export const MESSAGE_DESCRIPTION = 'a contact-processed notification taken from the queue';
