import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CpnError } from '../errors/CpnError.js';

/**
 * The `contracts/` directory shipped with the package, found relative to this module: from src/ or
 * dist/ (two levels below the package root) it is `../../contracts`, in the repo and when installed.
 */
export function contractsDir(): string {
  const dir = fileURLToPath(new URL('../../contracts/', import.meta.url));
  if (!existsSync(dir))
    throw new CpnError(
      'CPN_INSTALL',
      `the contracts directory is missing (looked in ${dir}); reinstall cpn-kit`,
    );
  return dir;
}

/** The HTTP pact file (consumer ocs-contact-processed, provider crm-receiver). */
export const HTTP_PACT_FILE = 'ocs-contact-processed-crm-receiver.json';

/** The asynchronous message pact file (consumer crm-receiver, provider ocs-contact-processed). */
export const MESSAGE_PACT_FILE = 'crm-receiver-ocs-contact-processed.json';

/** The absolute path of one of the committed pact files. */
export function contractPath(file: string): string {
  return join(contractsDir(), file);
}
