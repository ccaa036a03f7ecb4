import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { VerifierJob, VerifierOutcome } from './verifierProtocol.js';

/** The verifier's console output and its outcome. */
export interface PactVerifierRun extends VerifierOutcome {
  /** What Pact's Verifier printed (colours removed). */
  readonly output: string;
}

/** A Pact verifier child process, started early so that loading Pact overlaps the check's requests. */
export interface PactVerifierProcess {
  /** Sends the job and resolves with the outcome (once). */
  verify(job: VerifierJob, limitMs: number): Promise<PactVerifierRun>;
  /** Stops the child when no verification is needed after all. */
  dispose(): void;
}

/**
 * The environment of the child: the caller's, without any PACT_BROKER_* (only the check decides
 * where pacts come from).
 */
function verifierEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PACT_DO_NOT_TRACK: 'true' };
  for (const name of Object.keys(env)) if (name.startsWith('PACT_BROKER')) delete env[name];
  return env;
}

/** A verifier started ahead of time by {@link warmPactVerifier}, taken by the next {@link startPactVerifier}. */
let warm: PactVerifierProcess | undefined;

/**
 * Starts a verifier process now, before anything else loads, so that loading Pact overlaps the rest
 * of the command's start-up; the next {@link startPactVerifier} takes it. The command line calls it
 * first thing in `check-receiver`.
 */
export function warmPactVerifier(): void {
  warm ??= forkPactVerifier();
}

/** A verifier process: the one warmed up, or a new one. */
export function startPactVerifier(): PactVerifierProcess {
  const started = warm ?? forkPactVerifier();
  warm = undefined;
  return started;
}

/**
 * Forks the worker that runs Pact's Verifier. From the TypeScript sources (tests) it runs through
 * tsx; from dist/ it is plain JavaScript.
 */
function forkPactVerifier(): PactVerifierProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = new URL(
    fromSource ? './verifierWorker.ts' : './verifierWorker.js',
    import.meta.url,
  );
  const child = fork(fileURLToPath(worker), [], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    env: verifierEnvironment(),
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let outcome: VerifierOutcome | undefined;
  child.on('message', (message) => {
    if ((message as { ready?: boolean }).ready !== true) outcome = message as VerifierOutcome;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  child.on('error', () => undefined);
  return {
    async verify(job, limitMs) {
      const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
      child.send(job);
      const { code, signal } = await exited;
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex
      const clean = output.replace(/\u001b\[[0-9;]*m/g, '');
      if (outcome !== undefined) return { ...outcome, output: clean };
      const error =
        signal === 'SIGKILL'
          ? `Pact's Verifier did not finish within ${limitMs} ms`
          : `Pact's Verifier exited (${code ?? signal}) without a result`;
      return { passed: false, mismatches: [], unanswered: [], error, output: clean };
    },
    dispose() {
      child.kill('SIGKILL');
    },
  };
}
