import { CpnError } from './CpnError.js';

/** A server could not listen where it was asked to: the address is taken, not ours, or not allowed. */
export class ListenError extends CpnError {
  override readonly name = 'ListenError';

  constructor(
    readonly host: string,
    readonly port: number,
    /** The system's code: EADDRINUSE, EADDRNOTAVAIL, EACCES, ENOTFOUND. */
    readonly reason: string,
    cause: unknown,
  ) {
    const why =
      reason === 'EADDRINUSE'
        ? 'the port is already in use'
        : reason === 'EACCES'
          ? 'not allowed'
          : reason === 'EADDRNOTAVAIL' || reason === 'ENOTFOUND'
            ? 'no such address on this machine'
            : reason;
    super(
      'CPN_LISTEN',
      `cannot listen on ${host.includes(':') ? `[${host}]` : host}:${port}: ${why} (${reason})`,
      { cause },
    );
  }
}
