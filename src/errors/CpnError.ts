/**
 * Every code a {@link CpnError} carries (documented in docs/api.md):
 * - `CPN_OPTION`: an option or flag value the kit cannot use (an {@link OptionError}, naming each);
 * - `CPN_USAGE`: a command line the kit cannot run (a missing argument, two flags that exclude each other);
 * - `CPN_LISTEN`: a server that could not listen where it was asked;
 * - `CPN_OUTPUT`: a report or recording file that cannot be written;
 * - `CPN_RECORDING`: a recording that cannot be read or replayed, at a file and line;
 * - `CPN_BROKER`: a Pact Broker answer the kit cannot use;
 * - `CPN_DEDUPE_STORE`: a shared dedupe store (Redis) that cannot be reached or did not answer;
 * - `CPN_INSTALL`: a file of the installed package is missing (reinstall cpn-kit).
 */
export type CpnErrorCode =
  | 'CPN_OPTION'
  | 'CPN_USAGE'
  | 'CPN_LISTEN'
  | 'CPN_OUTPUT'
  | 'CPN_RECORDING'
  | 'CPN_BROKER'
  | 'CPN_DEDUPE_STORE'
  | 'CPN_INSTALL';

/**
 * The base of every error cpn-kit throws on purpose. `code` is stable (the CLI and callers branch on
 * it, never on the message's words); the message is written for a person.
 */
export class CpnError extends Error {
  override readonly name: string = 'CpnError';

  constructor(
    readonly code: CpnErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
