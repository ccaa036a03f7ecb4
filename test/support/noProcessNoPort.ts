/**
 * The guard of `npm run test:unit`: a test there may start no process and open no port. Every way
 * to start a process (node:child_process) or to listen or connect (node:net, which node:http, fetch
 * and undici use) throws, naming what the test tried, so a test that needs one fails here at once
 * instead of making the fast loop slow. Such a test belongs in `npm test` only: add its file to
 * `test/integrationFiles.ts`.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);

const refuse = (what: string) => () => {
  throw new Error(
    `test:unit: this test ${what}; a test that needs a process or a port runs in npm test only ` +
      '(list its file in test/integrationFiles.ts)',
  );
};

const childProcess = require('node:child_process') as Record<string, unknown>;
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'])
  childProcess[name] = refuse(`starts a process (child_process.${name})`);

const net = require('node:net') as typeof import('node:net');
net.Server.prototype.listen = refuse('opens a port (server.listen)') as never;
net.Socket.prototype.connect = refuse('connects to a port (socket.connect)');

syncBuiltinESMExports();
