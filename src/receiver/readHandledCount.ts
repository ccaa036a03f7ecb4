import { runCommand, type CommandRun } from '../util/runCommand.js';
import { terminalSafe } from '../util/terminalSafe.js';

/**
 * How the kit learns how many times a receiver handled a notification (wrote it to its store, called
 * the CRM): a function given the GUID and the body as sent, or a shell command run with `CPN_GUID`
 * and `CPN_MESSAGE` in its environment that prints the count (`sqlite3 crm.db "select count(*) …"`,
 * `grep -c -- "$CPN_GUID" handled.log`, `curl -s "http://127.0.0.1:8080/debug/handled/$CPN_GUID"`).
 */
export type HandledCount =
  ((guid: string, body: string) => number | Promise<number>) | { readonly command: string };

/** A count, or why none could be read (in words naming the command or the function, its output). */
export type CountReading = { readonly count: number } | { readonly problem: string };

/** How long a handled-count command may run. */
export const HANDLED_COUNT_LIMIT_MS = 10_000;

/** The end of a command's output, on one line, terminal-safe, for a finding. */
function shown(text: string): string {
  const one = text.trim();
  if (one === '') return 'nothing';
  return JSON.stringify(terminalSafe(one.length > 300 ? `…${one.slice(-300)}` : one));
}

/** A whole number of times: digits only (around them, white space). */
const COUNT = /^\s*(\d{1,9})\s*$/;

/**
 * The count a command printed: exit status 0 with a whole number on standard output, or exit status
 * 1 with 0 (what `grep -c` does when nothing matched). Anything else is a problem naming what it did.
 */
function countOf(command: string, run: CommandRun): CountReading {
  const name = `the handled-count command ${JSON.stringify(terminalSafe(command))}`;
  if (run.startError !== undefined) return { problem: `${name} could not run: ${run.startError}` };
  if (run.timedOut)
    return {
      problem: `${name} was still running after ${HANDLED_COUNT_LIMIT_MS / 1000} s and was stopped`,
    };
  if (run.killedBy !== null) return { problem: `${name} was killed by ${run.killedBy}` };
  const number = COUNT.exec(run.stdout)?.[1];
  if (run.code === 0 && number !== undefined) return { count: Number(number) };
  if (run.code === 1 && number !== undefined && Number(number) === 0) return { count: 0 };
  if (run.code !== 0)
    return { problem: `${name} exited with code ${run.code}; it printed ${shown(run.output)}` };
  return {
    problem: `${name} printed ${shown(run.stdout)}, not a whole number of times`,
  };
}

/**
 * How many times the receiver handled the notification `guid` (whose body, as sent, is `body`), read
 * from `source`. Never rejects: a function that throws or returns something other than a whole
 * number, a command that fails, hangs or prints something else, is a problem in words.
 */
export async function readHandledCount(
  source: HandledCount,
  guid: string,
  body: string,
  signal?: AbortSignal,
): Promise<CountReading> {
  if (typeof source !== 'function') {
    const run = await runCommand(source.command, {
      env: { CPN_GUID: guid, CPN_MESSAGE: body },
      limitMs: HANDLED_COUNT_LIMIT_MS,
      ...(signal !== undefined ? { signal } : {}),
    });
    return countOf(source.command, run);
  }
  try {
    const count = await source(guid, body);
    return Number.isInteger(count) && count >= 0
      ? { count }
      : { problem: `handledCount returned ${shown(String(count))}, not a whole number of times` };
  } catch (error) {
    return { problem: `handledCount failed: ${shown((error as Error)?.message ?? String(error))}` };
  }
}
