import type { Finding } from '../../report/Report.js';
import { is2xx, type Exchange } from '../receiver/Exchange.js';
import type { ReceiverCheck } from '../receiver/ReceiverCheck.js';
import type { ExchangeView } from '../receiver/exchangeTimeline.js';
import { receiverAgent, type ReceiverTarget } from '../receiver/sendExchange.js';
import { mapConcurrent } from '../../util/mapConcurrent.js';
import { exploreFinding } from './exploreFinding.js';
import { exploreProperties } from './exploreProperties.js';
import { exploreProperty } from './exploreProperty.js';
import { DEFAULT_EXPLORE_RUNS, type ExploreSettings } from './exploreSettings.js';

/** Where and how the exploration sends: the check's target (its own connections are made here). */
export interface ExploreTarget extends Omit<ReceiverTarget, 'agent' | 'poolSize'> {
  /** The extra CAs trusted for an https:// receiver. */
  readonly ca: readonly string[] | undefined;
  readonly view: ExchangeView;
}

/** The command that runs the same exploration again. */
function replayCommand(url: string, settings: ExploreSettings): string {
  const runs = settings.runs !== DEFAULT_EXPLORE_RUNS ? ` --explore-runs ${settings.runs}` : '';
  const pool = settings.connections > 1 ? ` --pool-size ${settings.connections}` : '';
  return `cpn-kit check-receiver ${url} --explore --seed ${settings.seed}${runs}${pool}`;
}

/** Every property skipped, with why. */
export function exploreSkipped(why: string): Finding[] {
  return exploreProperties.map((p) => ({
    id: p.id,
    title: p.title,
    status: 'skip',
    summary: `not explored: ${why}`,
  }));
}

/**
 * `check-receiver --explore`: each property of {@link exploreProperties} explored with fast-check —
 * generated requests judged as they come, a failure shrunk to its smallest body — over at most
 * `connections` connections (one property per connection at a time), within the time limit (shared
 * out among the properties). One finding per property, in table order.
 */
export async function exploreReceiver(
  settings: ExploreSettings,
  target: ExploreTarget,
): Promise<Finding[]> {
  const agent = receiverAgent(target.url, target.ca, settings.connections);
  const lanes = Math.min(settings.connections, exploreProperties.length);
  const timeMs = settings.timeMs / Math.ceil(exploreProperties.length / lanes);
  try {
    const outcomes = await mapConcurrent(exploreProperties, lanes, (property) =>
      exploreProperty(property, {
        target: { ...target, agent, poolSize: settings.connections },
        seed: settings.seed,
        runs: settings.runs,
        timeMs,
      }),
    );
    const replay = replayCommand(target.url, settings);
    return outcomes.map((outcome) => exploreFinding(outcome, target.view, replay));
  } finally {
    agent.destroy();
  }
}

/**
 * The exploration that follows a check's fixed requests: run when the receiver acknowledged at least
 * one of their valid notifications; otherwise every generated one would fail alike (the fixed
 * checks' findings say why), so every property is skipped.
 */
export function exploreAfter(
  checks: readonly ReceiverCheck[],
  exchanges: readonly (readonly Exchange[])[],
  settings: ExploreSettings,
  target: ExploreTarget,
): Promise<Finding[]> {
  const acknowledged = checks.some((c, i) => c.validMessages && exchanges[i]!.some(is2xx));
  return acknowledged
    ? exploreReceiver(settings, target)
    : Promise.resolve(
        exploreSkipped(
          'no valid notification of the fixed checks was acknowledged, so every generated one ' +
            'would fail alike (see their findings)',
        ),
      );
}
