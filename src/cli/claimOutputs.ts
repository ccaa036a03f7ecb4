import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors/UsageError.js';

/** The file a path names, as the system resolves it (a folder's symbolic link too), for comparing. */
function canonical(file: string): string {
  const absolute = resolve(file);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      return join(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/**
 * Refuses, before anything runs, one file named by two outputs (`--record X --json X`: the JSON
 * report would silently replace the recording). `outputs` maps each flag to its file, if given.
 */
export function claimOutputs(outputs: Readonly<Record<string, string | undefined>>): void {
  const owner = new Map<string, string>();
  for (const [flag, file] of Object.entries(outputs)) {
    if (file === undefined) continue;
    const key = canonical(file);
    const other = owner.get(key);
    if (other !== undefined)
      throw new UsageError(
        `${other} and ${flag}: both name ${file}; give each output a file of its own`,
      );
    owner.set(key, flag);
  }
}
