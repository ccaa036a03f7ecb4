import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { VerifierJob, VerifierOutcome } from './verifierProtocol.js';

/** The verifier's console output and its outcome. */
export interface PactVerifierRun extends VerifierOutcome {
  /** What Pact's Verifier printed (colours removed). */
  readonly output: string;
}

/**
 * Runs Pact's Verifier on a job in a child process and resolves with its outcome and printed output.
 * From the TypeScript sources (tests) the child runs through tsx; from dist/ it is plain JavaScript.
 */
export function runPactVerifier(job: VerifierJob, limitMs: number): Promise<PactVerifierRun> {
  const worker = new URL(import.meta.url.endsWith('.ts') ? './verifierWorker.ts' : './verifierWorker.js', import.meta.url);
  const child = fork(fileURLToPath(worker), [], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    let outcome: VerifierOutcome | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('message', (message) => (outcome = message as VerifierOutcome));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex
      const clean = output.replace(/\u001b\[[0-9;]*m/g, '');
      resolve(
        outcome === undefined
          ? { passed: false, mismatches: [], observations: [], preDelivered: {}, error: signal === 'SIGKILL' ? `Pact's Verifier did not finish within ${limitMs} ms` : `Pact's Verifier exited (${code ?? signal}) without a result`, output: clean }
          : { ...outcome, output: clean },
      );
    });
    child.send(job);
  });
}
