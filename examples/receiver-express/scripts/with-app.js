/**
 * Starts the app on a free loopback port, runs a command with `{url}` replaced by the endpoint's URL,
 * stops the app and exits with the command's status. Portable (no shell job control):
 *
 *   node scripts/with-app.js cpn-kit check-receiver {url} --junit reports/receiver.xml
 *
 * Under `npm run`, node_modules/.bin is on PATH, so `cpn-kit` is the project's own.
 */
import { spawn } from 'node:child_process';
import { listen } from '../src/server.js';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  console.error(
    'usage: node scripts/with-app.js COMMAND [ARGS...]   ({url} in ARGS becomes the endpoint URL)',
  );
  process.exit(2);
}
const { server, url, received } = await listen({ port: Number(process.env.PORT ?? 0) });
console.log(`with-app: the endpoint is listening on ${url}`);
const child = spawn(
  command,
  args.map((a) => a.replaceAll('{url}', url)),
  { stdio: 'inherit', shell: process.platform === 'win32' },
);
const [code, signal] = await new Promise((resolve) => {
  child.on('error', (error) => {
    console.error(`with-app: cannot run ${command}: ${error.message}`);
    resolve([127, null]);
  });
  child.on('close', (c, s) => resolve([c, s]));
});
console.log(`with-app: ${received.length} notification(s) accepted; stopping the endpoint`);
server.closeAllConnections();
server.close();
process.exitCode = code ?? (signal ? 1 : 0);
