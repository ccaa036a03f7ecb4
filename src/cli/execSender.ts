import { spawn, type ChildProcess } from 'node:child_process';
import type { ScenarioRun } from '../checks/sender/SenderRun.js';
import type { ScenarioTarget, SenderTarget } from '../checks/sender/checkSender.js';

/** How many characters of a run's output are kept (its last lines are shown when it matters). */
const OUTPUT_KEPT = 4000;

/** The environment an --exec command gets: the target as CPN_* variables. */
export function senderEnvironment(target: SenderTarget | ScenarioTarget): Record<string, string> {
  return {
    CPN_URL: target.url,
    CPN_COUNT: String(target.count),
    CPN_RETRY_MAX_ATTEMPTS: String(target.retryMaxAttempts),
    CPN_RETRY_APPLIES_TO: target.retryAppliesTo.join(',') || 'none',
    CPN_RESPONSE_TIMEOUT: String(target.responseTimeout),
    ...('scenarioId' in target
      ? { CPN_SCENARIO: target.scenarioId, CPN_MESSAGE: JSON.stringify(target.message) }
      : {}),
  };
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

/** How a finished command is described, and whether its outcome can be read from its exit status. */
function describeExit(
  code: number | null,
  signal: NodeJS.Signals | null,
  timedOut: boolean,
  limitMs: number,
): Pick<ScenarioRun, 'outcome' | 'ended' | 'problem'> {
  if (timedOut)
    return { problem: `was still running after ${Math.round(limitMs / 1000)} s and was stopped` };
  if (signal !== null) return { problem: `was killed by ${signal}` };
  if (code === 127) return { problem: 'could not run: command not found (exit 127)' };
  if (code === 126) return { problem: 'could not run: not executable (exit 126)' };
  return code === 0
    ? { outcome: 'delivered', ended: 'exited with code 0' }
    : { outcome: 'failed', ended: `exited with code ${code}` };
}

/**
 * Runs an --exec command for one target and turns how it ended into a {@link ScenarioRun}: exit
 * status 0 means "delivered", another status "failed". The command runs in a shell, in its own
 * process group (killed whole at the limit, or when the target's signal aborts: a check stopped by
 * Ctrl-C or SIGTERM aborts every run), with the target in CPN_* variables.
 */
export function execSender(
  command: string,
  target: SenderTarget | ScenarioTarget,
  options: { limitMs: number; inherit: boolean; env?: Readonly<Record<string, string>> },
): Promise<ScenarioRun> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...options.env, ...senderEnvironment(target) };
    const child = spawn(command, {
      shell: true,
      env,
      stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, options.limitMs);
    // The check stops the run (its limit, or the check interrupted): the whole process group goes.
    const stop = () => killGroup(child);
    target.signal?.addEventListener('abort', stop, { once: true });
    if (target.signal?.aborted) stop();
    const finish = (ended: Pick<ScenarioRun, 'outcome' | 'ended' | 'problem'>, extra = '') => {
      clearTimeout(timer);
      target.signal?.removeEventListener('abort', stop);
      const log = `${output}${extra}`
        .trim()
        .split('\n')
        .filter((line) => line.trim() !== '');
      resolve({ ...ended, ...(log.length > 0 ? { log } : {}) });
    };
    child.on('error', (error) => finish({ problem: `could not run: ${error.message}` }));
    child.on('close', (code, signal) =>
      finish(describeExit(code, signal, timedOut, options.limitMs)),
    );
  });
}
