/**
 * Starts a Python receiver of the corpus with Debian's Python: runs the script on a free port, waits
 * for its "listening on …" line and counts its "request …" lines. The script exits when its standard
 * input closes, so a receiver never outlives the test that started it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunningReceiver } from './RunningReceiver.js';

/** Debian's interpreter, the one python3-flask is installed for (not whatever `python3` is on PATH). */
export const PYTHON = '/usr/bin/python3';
const STARTUP_TIMEOUT_MS = 15_000;

/** Whether Debian's Python is there at all (python3, which python3-flask brings). */
export const pythonAvailable = (): boolean => existsSync(PYTHON);

/** Starts `script` (a file beside this one) and resolves once it listens. */
export function startPythonReceiver(script: string): Promise<RunningReceiver> {
  const app = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child = spawn(PYTHON, [app, '0'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      CPN_CORPUS_EXIT_ON_STDIN_EOF: '1',
    },
  });
  let requests = 0;
  let stderr = '';
  let pending = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise<RunningReceiver>((resolve, reject) => {
    let url: string | undefined;
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${script} ${why}${stderr.trim() !== '' ? `:\n${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(
      () => fail(`did not start within ${STARTUP_TIMEOUT_MS} ms`),
      STARTUP_TIMEOUT_MS,
    );
    child.once('error', (error) => fail(`could not be started (${error.message})`));
    child.once('exit', (code, signal) => {
      if (url === undefined) fail(`exited (${code ?? signal}) before listening`);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const listening = (found: string) => {
      url = found;
      clearTimeout(timer);
      resolve({
        url,
        requests: () => requests,
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            await exited;
          }
        },
      });
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('request ')) requests += 1;
        else if (url === undefined) {
          const match = /^listening on (http:\/\/\S+)$/.exec(line.trim());
          if (match?.[1] !== undefined) listening(match[1]);
        }
      }
    });
  });
}
