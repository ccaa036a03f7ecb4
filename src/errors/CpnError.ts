/**
 * The base of every error cpn-kit throws on purpose. `code` is stable (the CLI and callers branch on
 * it, never on the message's words); the message is written for a person.
 */
export class CpnError extends Error {
  override readonly name: string = 'CpnError';

  constructor(
    readonly code: string,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
