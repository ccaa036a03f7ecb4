import { existsSync } from 'node:fs';

/**
 * A node command pinned to one core (when `taskset` is there), for spawn: the server of a bench on
 * one core and its load on the other. Left to the scheduler of a two-core machine, the two sometimes
 * share a core, and a round then measures placement instead of the code.
 */
export function pinned(core: number, args: readonly string[]): [string, string[]] {
  return existsSync('/usr/bin/taskset')
    ? ['/usr/bin/taskset', ['-c', String(core), process.execPath, ...args]]
    : [process.execPath, [...args]];
}
