import { CpnError } from './CpnError.js';

/** A Pact Broker answer that could not be used: names the request, the status and what to do. */
export class BrokerError extends CpnError {
  override readonly name = 'BrokerError';

  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('CPN_BROKER', message, options);
  }
}
