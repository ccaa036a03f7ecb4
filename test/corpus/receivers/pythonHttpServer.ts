/**
 * python-http-server: python_http_server.py, Python's own http.server as it comes (a listen backlog
 * of 5, one connection at a time, a connection per request), started with Debian's Python.
 */
import { startPythonReceiver } from './pythonReceiver.js';
import type { RunningReceiver } from './RunningReceiver.js';

export { pythonAvailable } from './pythonReceiver.js';

export const start = (): Promise<RunningReceiver> => startPythonReceiver('python_http_server.py');
