/**
 * flask-strict-slashes: starts flask_strict_slashes.py with Debian's Python (python3-flask), waits
 * for its "listening on …" line and counts its "request …" lines. The URL is the one WITHOUT the
 * trailing slash, as an operator would configure it; Werkzeug answers it with 308.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunningReceiver } from './RunningReceiver.js';

/** Debian's interpreter, the one python3-flask is installed for (not whatever `python3` is on PATH). */
export const PYTHON = '/usr/bin/python3';
const APP = fileURLToPath(new URL('./flask_strict_slashes.py', import.meta.url));
const STARTUP_TIMEOUT_MS = 15_000;

let available: boolean | undefined;

/** Whether Debian's Python can import Flask (checked once); tests skip the Flask receiver when not. */
export function flaskAvailable(): boolean {
  available ??=
    spawnSync(PYTHON, ['-c', 'import flask'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return available;
}

export function start(): Promise<RunningReceiver> {
  const child = spawn(PYTHON, [APP, '0'], {
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
      reject(
        new Error(
          `flask_strict_slashes.py ${why}${stderr.trim() !== '' ? `:\n${stderr.trim()}` : ''}`,
        ),
      );
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
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('request ')) {
          requests += 1;
        } else if (url === undefined) {
          const match = /^listening on (http:\/\/\S+)$/.exec(line.trim());
          if (match?.[1] !== undefined) {
            url = match[1];
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
          }
        }
      }
    });
  });
}
