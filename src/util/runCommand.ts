import { spawn, type ChildProcess } from 'node:child_process';

/** How many characters of a command's output are kept (its last ones: where the error usually is). */
const OUTPUT_KEPT = 4000;

/** How a shell command ended, and what it printed. */
export interface CommandRun {
  /** Its exit status; null when it was killed or could not start. */
  readonly code: number | null;
  /** The signal that killed it, when one did (its time limit, or `signal` aborted). */
  readonly killedBy: NodeJS.Signals | null;
  /** True when it was still running at `limitMs` and was killed for it. */
  readonly timedOut: boolean;
  /** Set when it could not be started at all (spawn's own error). */
  readonly startError?: string;
  /** Standard output (its last {@link OUTPUT_KEPT} characters); empty with `inherit`. */
  readonly stdout: string;
  /** Standard output and standard error as they came, interleaved (the last characters kept). */
  readonly output: string;
}

/** What {@link runCommand} runs with. */
export interface RunCommandOptions {
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** The command is killed (its whole process group) after this long. */
  readonly limitMs: number;
  /** The command's output goes to this process's terminal instead of being collected. */
  readonly inherit?: boolean;
  /** Kills the command's whole process group when it aborts. */
  readonly signal?: AbortSignal;
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined && process.platform !== 'win32')
      process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs a command line in a shell, in its own process group (killed whole at `limitMs`, or when
 * `signal` aborts), with `env` added to the environment, and resolves with how it ended and what it
 * printed. Never rejects: a command that cannot start says so in `startError`.
 */
export function runCommand(command: string, options: RunCommandOptions): Promise<CommandRun> {
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      env: { ...process.env, ...options.env },
      stdio: options.inherit === true ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let output = '';
    let stdout = '';
    const keep = (text: string, chunk: Buffer) =>
      (text + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout = keep(stdout, chunk);
      output = keep(output, chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output = keep(output, chunk)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, options.limitMs);
    const stop = () => killGroup(child);
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.signal?.aborted === true) stop();
    let settled = false;
    const finish = (ended: Pick<CommandRun, 'code' | 'killedBy' | 'startError'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      resolve({ ...ended, timedOut, stdout, output });
    };
    child.on('error', (error) => finish({ code: null, killedBy: null, startError: error.message }));
    child.on('close', (code, killedBy) => finish({ code, killedBy }));
  });
}
