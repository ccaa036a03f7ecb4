import { CpnError } from './CpnError.js';

/** Why a file cannot be written, in a few words, from the system's error code. */
export function writeFailure(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of its path is a file, not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOENT: 'no such folder',
  };
  return code !== undefined && words[code] !== undefined
    ? `${words[code]} (${code})`
    : (message ?? String(error));
}

/**
 * A report or recording file that cannot be written: a folder, a full disk, no permission, or the
 * same file named by two outputs. Refused at start, before anything runs (the CLI exits 2).
 */
export class OutputError extends CpnError {
  override readonly name = 'OutputError';

  constructor(
    /** The output, as the CLI names it: `--record`, `--json`. */
    readonly output: string,
    readonly file: string,
    /** Why, in a few words: `it is a folder (EISDIR)`. */
    readonly why: string,
    options?: { readonly cause?: unknown },
  ) {
    super('CPN_OUTPUT', `${output}: cannot write ${file}: ${why}`, options);
  }
}
