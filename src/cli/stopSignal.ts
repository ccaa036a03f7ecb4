import { basename } from 'node:path';
import { hasEnded, launcherChain } from './launcherChain.js';

/** How often the processes that started the kit are looked at. */
const WATCH_EVERY_MS = 200;

/** The signals that end a run, each in the words a report uses. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** A run's stop: aborted on a signal or when whoever started the kit is gone. */
export interface StopSignal {
  readonly signal: AbortSignal;
  /** Why the run was stopped (`SIGTERM`, `the process that started it ended (npm exec …)`), once it was. */
  readonly reason: () => string | undefined;
  /** Removes the handlers and the watch (the run is over). */
  readonly dispose: () => void;
}

/**
 * What ends a command that runs until stopped (`proxy`, `receive`) or is stopped early (`check-*`):
 * SIGINT, SIGTERM, SIGHUP, and — unless `watchParent` is false — the end of the process that started
 * it. That last one matters because `npx cpn-kit … &` then `kill $!` signals npm, not the kit: npm
 * dies and the kit would otherwise run on, holding its port, with its reports never written. A second
 * signal exits at once (the reports then are as last written, marked incomplete).
 */
export function stopSignal(options: { readonly watchParent?: boolean } = {}): StopSignal {
  const controller = new AbortController();
  let reason: string | undefined;
  const stop = (why: string) => {
    if (reason !== undefined) return;
    reason = why;
    controller.abort(new Error(why));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (reason !== undefined) {
      process.stderr.write(
        `cpn-kit: stopped at once on a second ${signal}; the reports are as last written\n`,
      );
      process.exit(1);
    }
    stop(signal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const watch = options.watchParent === false ? undefined : watchLaunchers(stop);
  return {
    signal: controller.signal,
    reason: () => reason,
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
      clearInterval(watch);
    },
  };
}

/** Calls `stop` when the parent changes or a process of the launcher chain ends. */
function watchLaunchers(stop: (why: string) => void): NodeJS.Timeout {
  const parent = process.ppid;
  const chain = launcherChain(parent);
  const timer = setInterval(() => {
    const gone = process.ppid !== parent ? chain[0] : chain.find(hasEnded);
    if (process.ppid === parent && gone === undefined) return;
    // Only the program's name: a command line may hold a token or a URL with credentials.
    const program = basename(gone?.argv[0] ?? '').split(' ')[0];
    const pid = gone?.pid ?? parent;
    stop(`the process that started it ended (${program ? `${program}, ` : ''}pid ${pid})`);
  }, WATCH_EVERY_MS);
  timer.unref();
  return timer;
}
