/**
 * flask-strict-slashes: starts flask_strict_slashes.py with Debian's Python (python3-flask). The URL
 * is the one WITHOUT the trailing slash, as an operator would configure it; Werkzeug answers it with
 * 308.
 */
import { spawnSync } from 'node:child_process';
import { PYTHON, startPythonReceiver } from './pythonReceiver.js';
import type { RunningReceiver } from './RunningReceiver.js';

let available: boolean | undefined;

/** Whether Debian's Python can import Flask (checked once); tests skip the Flask receiver when not. */
export function flaskAvailable(): boolean {
  available ??=
    spawnSync(PYTHON, ['-c', 'import flask'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return available;
}

export const start = (): Promise<RunningReceiver> => startPythonReceiver('flask_strict_slashes.py');
