import { CpnError } from './CpnError.js';

/** A recording that cannot be read or replayed: which file, which line, and why. */
export class RecordingError extends CpnError {
  override readonly name = 'RecordingError';

  constructor(
    readonly file: string,
    readonly line: number,
    why: string,
  ) {
    super('CPN_RECORDING', `${file} line ${line}: ${why}`);
  }
}
