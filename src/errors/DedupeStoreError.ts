import { CpnError } from './CpnError.js';

/**
 * A shared dedupe store could not be reached or did not answer (code `CPN_DEDUPE_STORE`). Its message
 * names the store by its address only: credentials in its URL are never part of it.
 */
export class DedupeStoreError extends CpnError {
  override readonly name = 'DedupeStoreError';

  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('CPN_DEDUPE_STORE', message, options);
  }
}
