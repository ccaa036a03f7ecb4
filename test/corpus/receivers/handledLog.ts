/**
 * Where a corpus receiver writes down each notification it handled (one line with its GUID per
 * handling, as an app's log would), and the shell command that counts them for
 * `check-receiver --handled-count`: `grep -c`, what a team would write first.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HandledLog {
  /** Writes down one handling of `guid`. */
  handled(guid: string): void;
  /** How many times `guid` was handled so far (what a debug endpoint answers). */
  count(guid: string): number;
  /** `grep -c -- "$CPN_GUID" '<the log>'`. */
  readonly command: string;
  /** Removes the log. */
  remove(): void;
}

export function handledLog(): HandledLog {
  const dir = mkdtempSync(join(tmpdir(), 'cpn-corpus-handled-'));
  const file = join(dir, 'handled.log');
  writeFileSync(file, '');
  const counts = new Map<string, number>();
  return {
    handled(guid) {
      counts.set(guid, (counts.get(guid) ?? 0) + 1);
      appendFileSync(file, `${guid}\n`);
    },
    count: (guid) => counts.get(guid) ?? 0,
    command: `grep -c -- "$CPN_GUID" '${file}'`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
