import { serveHandlers, type ServeOptions, type ServedHandlers } from './serveHandlers.js';
import type { ScenarioSession } from './createScenarioSession.js';

/** Path senders POST to when the scenarios are served on a socket. */
export const DEFAULT_SCENARIO_PATH = '/cpn';

/**
 * Serves a scenario session on a real loopback socket (for any sender, in any language, or a real
 * OCS with `host: '0.0.0.0'`). The session's URL becomes `http://host:port/cpn`.
 *
 * @example
 * const session = createScenarioSession({ responseTimeout: 1, retryMaxAttempts: 2 });
 * const served = await serveScenarios(session);
 * // POST notifications to session.url, then: judgeSession(session); await served.close();
 */
export async function serveScenarios(session: ScenarioSession, options: ServeOptions & { readonly path?: string } = {}): Promise<ServedHandlers> {
  const served = await serveHandlers(session.handlers, options);
  session.setBaseUrl(`${served.origin}${options.path ?? DEFAULT_SCENARIO_PATH}`, true);
  return {
    ...served,
    close: async () => {
      session.close();
      await served.close();
    },
  };
}
