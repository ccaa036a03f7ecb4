import { createRequire } from 'node:module';
import { UsageError } from '../errors/UsageError.js';

/** The optional peer dependencies, and what each is for. */
const PEERS = {
  '@pact-foundation/pact': "Pact's Verifier",
  ioredis: 'the dedupe store shared in Redis',
  msw: 'the MSW request handlers',
} as const;

/**
 * Stops a command whose peer dependency is not installed, before it does anything: a usage error
 * (exit 2) naming the package to install and what it is for.
 */
export function requirePeer(name: keyof typeof PEERS, command: string): void {
  try {
    createRequire(import.meta.url).resolve(`${name}/package.json`);
  } catch {
    throw new UsageError(
      `${command} needs ${name} (${PEERS[name]}), which is not installed: npm install --save-dev ${name}`,
    );
  }
}
