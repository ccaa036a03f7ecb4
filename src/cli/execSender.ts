import type { ScenarioRun } from '../checks/sender/SenderRun.js';
import type { ScenarioTarget, SenderTarget } from '../checks/sender/checkSender.js';
import { runCommand, type CommandRun } from '../util/runCommand.js';

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

/** How a finished command is described, and whether its outcome can be read from its exit status. */
function describeExit(
  run: CommandRun,
  limitMs: number,
): Pick<ScenarioRun, 'outcome' | 'ended' | 'problem'> {
  if (run.startError !== undefined) return { problem: `could not run: ${run.startError}` };
  if (run.timedOut)
    return { problem: `was still running after ${Math.round(limitMs / 1000)} s and was stopped` };
  if (run.killedBy !== null) return { problem: `was killed by ${run.killedBy}` };
  if (run.code === 127) return { problem: 'could not run: command not found (exit 127)' };
  if (run.code === 126) return { problem: 'could not run: not executable (exit 126)' };
  return run.code === 0
    ? { outcome: 'delivered', ended: 'exited with code 0' }
    : { outcome: 'failed', ended: `exited with code ${run.code}` };
}

/**
 * Runs an --exec command for one target and turns how it ended into a {@link ScenarioRun}: exit
 * status 0 means "delivered", another status "failed". The command runs in a shell, in its own
 * process group (killed whole at the limit, or when the target's signal aborts: a check stopped by
 * Ctrl-C or SIGTERM aborts every run), with the target in CPN_* variables.
 */
export async function execSender(
  command: string,
  target: SenderTarget | ScenarioTarget,
  options: { limitMs: number; inherit: boolean; env?: Readonly<Record<string, string>> },
): Promise<ScenarioRun> {
  const run = await runCommand(command, {
    env: { ...options.env, ...senderEnvironment(target) },
    limitMs: options.limitMs,
    inherit: options.inherit,
    ...(target.signal !== undefined ? { signal: target.signal } : {}),
  });
  const log = run.output
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  return { ...describeExit(run, options.limitMs), ...(log.length > 0 ? { log } : {}) };
}
