import type { PlayAction } from './ScenarioPlay.js';
import type { ScenarioStep } from './Scenario.js';
import type { ScenarioTiming } from './scenarioTiming.js';

/** What playing a step needs from its session. */
export interface StepContext {
  readonly responseTimeout: number;
  readonly timing: ScenarioTiming;
  /** Where a 3xx points (a path of the same server that a conforming sender never requests). */
  readonly redirectLocation: string;
  readonly scenarioId: string;
  /** Waits `ms`, or less when the sender goes away or the session closes; resolves true when it went away. */
  hold(ms: number): Promise<boolean>;
}

/** The receiver's action for one step, and how it is described in the story of the attempt. */
export interface PlayedStep {
  readonly action: PlayAction;
  /** What the receiver did, e.g. `answered 500`; empty when the sender left before the answer. */
  readonly description: string;
  /**
   * True when the receiver ended the exchange (an answer, or a dropped connection); false when the
   * sender left first.
   */
  readonly ended: boolean;
}

const drop: PlayAction = { kind: 'drop' };

/** Plays one scenario step: answers, holds, or drops the connection, as the step says. */
export async function playStep(step: ScenarioStep, context: StepContext): Promise<PlayedStep> {
  if (step.kind === 'reset')
    return { action: drop, description: 'dropped the connection', ended: true };
  if (step.kind === 'no-answer') {
    const holdMs = context.timing.noAnswerHoldMs;
    if (await context.hold(holdMs))
      return { action: drop, description: 'held without answering', ended: false };
    return {
      action: { kind: 'respond', status: 200, headers: {}, body: 'late answer' },
      description: `answered 200 only after ${holdMs} ms`,
      ended: true,
    };
  }
  const delayMs =
    step.delayFraction === undefined
      ? 0
      : Math.round(step.delayFraction * context.responseTimeout * 1000);
  if (delayMs > 0 && (await context.hold(delayMs)))
    return { action: drop, description: '', ended: false };
  const after = delayMs > 0 ? ` after ${delayMs} ms` : '';
  if (step.status >= 300 && step.status < 400) {
    const headers = { ...step.headers, location: context.redirectLocation };
    return {
      action: { kind: 'respond', status: step.status, headers, body: null },
      description: `answered ${step.status} with Location ${context.redirectLocation}${after}`,
      ended: true,
    };
  }
  const body = step.status === 204 ? null : `scenario ${context.scenarioId}: ${step.status}`;
  const shown =
    step.headers?.['retry-after'] !== undefined
      ? ` (Retry-After: ${step.headers['retry-after']})`
      : '';
  return {
    action: { kind: 'respond', status: step.status, headers: { ...step.headers }, body },
    description: `answered ${step.status}${shown}${after}`,
    ended: true,
  };
}

/**
 * The method fetch uses to follow a redirect of a POST (the Fetch standard): GET after 301, 302 and
 * 303, the same POST after 307 and 308.
 */
export function fetchFollowMethod(status: number, method: string): string {
  return (status === 303 && method !== 'HEAD') ||
    ((status === 301 || status === 302) && method === 'POST')
    ? 'GET'
    : method;
}
