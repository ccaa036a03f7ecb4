import { readFileSync } from 'node:fs';

/** The kit's own version, from its package.json (`0.4.0`): what reports and published results name. */
export const kitVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
