import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** A process, as /proc shows it: enough to tell that it is still the same one. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly ppid: number;
  /** Its start time in clock ticks after boot: a pid reused by another process has another. */
  readonly startTicks: string;
  readonly argv: readonly string[];
}

/** The process `pid` as /proc shows it, or undefined when it is gone (or there is no /proc). */
export function processIdentity(pid: number): ProcessIdentity | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { pid, ppid: Number(fields[1]), startTicks: fields[19] ?? '', argv };
  } catch {
    return undefined;
  }
}

/** npm, npx, pnpm and yarn, however they show themselves (`npm exec x` as its title, or node running npm-cli.js). */
const PACKAGE_RUNNER =
  /^(?:npm|npx|pnpm|pnpx|yarn)(?:$|[\s-])|[\\/](?:npm|npx|pnpm|yarn)(?:-cli)?\.c?js$/;

/** Whether the program (or the script node runs) is a package runner; later arguments are not looked at. */
function isPackageRunner(process: ProcessIdentity): boolean {
  return process.argv
    .slice(0, 2)
    .some((arg) => PACKAGE_RUNNER.test(basename(arg)) || PACKAGE_RUNNER.test(arg));
}

/** A shell a package runner started to run a command line (`sh -c 'cpn-kit …'`). */
function isRunnerShell(process: ProcessIdentity): boolean {
  const [shell, flag] = process.argv;
  return shell !== undefined && /^(?:sh|bash|dash|zsh)$/.test(basename(shell)) && flag === '-c';
}

/**
 * The processes that started this one, from its parent up: the package runners (npx, npm exec, the
 * `sh -c` they run the bin with) and the first process above them that is none of these (the shell
 * or CI script that ran `npx cpn-kit …`). When any of them ends, whoever started the kit is gone:
 * npx killed by `kill $!`, `timeout` ending it, the CI script's shell exiting. Empty without /proc.
 */
export function launcherChain(from: number = process.ppid): ProcessIdentity[] {
  const chain: ProcessIdentity[] = [];
  for (let pid = from; pid > 1 && chain.length < 8;) {
    const current = processIdentity(pid);
    if (current === undefined) break;
    chain.push(current);
    const parent = processIdentity(current.ppid);
    const wrapped =
      isPackageRunner(current) ||
      (isRunnerShell(current) && parent !== undefined && isPackageRunner(parent));
    if (!wrapped) break;
    pid = current.ppid;
  }
  return chain;
}

/** Whether a process of the chain has ended (or another process now has its pid). */
export function hasEnded(process: ProcessIdentity): boolean {
  const now = processIdentity(process.pid);
  return now === undefined || now.startTicks !== process.startTicks;
}
