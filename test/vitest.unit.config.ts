import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';
import { integrationFiles } from './integrationFiles.js';

/**
 * `npm run test:unit`: every test that starts no process and opens no port, for the inner loop. The
 * guard in setupFiles makes a test that tries either fail, naming what it tried.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [...integrationFiles, '**/node_modules/**'],
      setupFiles: ['test/support/noProcessNoPort.ts'],
    },
  }),
);
