import { contentFingerprint } from '../ocs/contentFingerprint.js';
import type { Ambiguity, ScenarioPlay } from './ScenarioPlay.js';
import { expectedOutcome, stepCondition, stepFor, type SenderExpectation } from './Scenario.js';

/** Which scenario a request belongs to, and how that was decided. */
export interface Assignment {
  readonly play?: ScenarioPlay;
  /** Recorded when the request could equally have been a new notification or a retry. */
  readonly ambiguity?: Ambiguity;
}

/**
 * Gives each request its scenario. A per-scenario URL (`<base>/<scenario id>`) decides alone: every
 * request there is an attempt of that scenario's one notification. On the base URL (one URL for the
 * whole catalog, as a real OCS is configured) each new GSW_MESSAGE_GUID takes the next scenario. A
 * new GUID whose content (but for GUID and timestamp) equals a notification that still expects a
 * retry could be that retry with a regenerated GUID, or a new notification: it is taken as new (so no
 * later scenario shifts when it was) and recorded as ambiguous, never judged as a defect.
 */
export class PlayAssigner {
  readonly #plays: readonly ScenarioPlay[];
  readonly #settings: SenderExpectation;
  readonly #byGuid = new Map<string, ScenarioPlay>();
  readonly #fingerprints = new Map<ScenarioPlay, string>();
  #next = 0;

  constructor(plays: readonly ScenarioPlay[], settings: SenderExpectation) {
    this.#plays = plays;
    this.#settings = settings;
  }

  assign(
    forced: ScenarioPlay | undefined,
    guid: string | undefined,
    message: Readonly<Record<string, unknown>> | undefined,
  ): Assignment {
    const assignment =
      forced !== undefined ? { play: forced } : this.#byCatalogOrder(guid, message);
    const { play } = assignment;
    if (play !== undefined && guid !== undefined && !this.#byGuid.has(guid))
      this.#byGuid.set(guid, play);
    const fingerprint = contentFingerprint(message);
    if (play !== undefined && fingerprint !== undefined && !this.#fingerprints.has(play))
      this.#fingerprints.set(play, fingerprint);
    return assignment;
  }

  #byCatalogOrder(
    guid: string | undefined,
    message: Readonly<Record<string, unknown>> | undefined,
  ): Assignment {
    if (guid === undefined) return {};
    const known = this.#byGuid.get(guid);
    if (known !== undefined) return { play: known };
    const fingerprint = contentFingerprint(message);
    const owing =
      fingerprint === undefined
        ? undefined
        : this.#plays.find((p) => this.#fingerprints.get(p) === fingerprint && this.#owesRetry(p));
    const play = this.#next < this.#plays.length ? this.#plays[this.#next++] : undefined;
    if (owing === undefined) return play !== undefined ? { play } : {};
    const ambiguity: Ambiguity = {
      owing: owing.scenario.id,
      guid,
      ...(play !== undefined ? { takenAs: play.scenario.id } : {}),
    };
    return play !== undefined ? { play, ambiguity } : { ambiguity };
  }

  /** True while a scenario's last attempt failed and a conforming sender would still retry it. */
  #owesRetry(play: ScenarioPlay): boolean {
    const last = play.attempts.at(-1);
    return (
      last !== undefined &&
      stepCondition(stepFor(play.scenario, last.index)) !== undefined &&
      play.attempts.length < expectedOutcome(play.scenario, this.#settings).attempts
    );
  }
}
