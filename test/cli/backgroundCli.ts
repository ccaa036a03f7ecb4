/**
 * A `cpn-kit` command running in the background as a child process (a proxy, a receiver), with
 * what it printed collected: for tests that start a server command, then drive it.
 */
import { spawn } from 'node:child_process';
import { cliPath } from './runCli.js';

export interface Background {
  /** Resolves with the first match of `pattern` in what it printed (stdout and stderr). */
  readonly printed: (pattern: RegExp) => Promise<RegExpExecArray>;
  readonly exited: Promise<number | null>;
  /** Everything it printed so far, standard output and error interleaved. */
  readonly output: () => string;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly stop: () => void;
}

/** Starts `cpn-kit ARGS` in the background; it is killed after `limitMs` (default 30 s) at the latest. */
export function background(args: readonly string[], limitMs = 30_000): Background {
  const child = spawn(process.execPath, [cliPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' },
  });
  const text = { all: '', stdout: '', stderr: '' };
  const waiting: (() => void)[] = [];
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    text.all += chunk.toString();
    text[stream] += chunk.toString();
    waiting.splice(0).forEach((wake) => wake());
  };
  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      waiting.splice(0).forEach((wake) => wake());
      resolve(code);
    }),
  );
  const printed = async (pattern: RegExp) => {
    for (;;) {
      const match = pattern.exec(text.all);
      if (match !== null) return match;
      if (child.exitCode !== null)
        throw new Error(`exited ${child.exitCode} before ${pattern}:\n${text.all}`);
      await new Promise<void>((wake) => waiting.push(wake));
    }
  };
  return {
    printed,
    exited,
    output: () => text.all,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    stop: () => child.kill('SIGTERM'),
  };
}
