import { CpnError } from './CpnError.js';

/** A wrong flag or argument of the command line: the CLI prints the message and exits with code 2. */
export class UsageError extends CpnError {
  override readonly name = 'UsageError';

  constructor(message: string, options?: { readonly cause?: unknown }) {
    super('CPN_USAGE', message, options);
  }
}
