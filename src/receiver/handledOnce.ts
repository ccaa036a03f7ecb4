import type { CountReading } from './readHandledCount.js';

/** One notification's count, judged: `ok` when handled exactly once and acknowledged. */
export interface HandledJudgement {
  readonly ok: boolean;
  /** In words, naming the GUID and the count: `… handled 2 times, expected once`. */
  readonly words: string;
  /** The count, when it could be read. */
  readonly count?: number;
}

const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

/**
 * Whether the notification `guid` was handled exactly once, from its count and whether any delivery
 * of it was acknowledged (a 2xx): handled twice is a double effect; acknowledged and handled 0 times
 * is a lost notification (OCS never resends one it got a 2xx for); handled but never acknowledged,
 * a notification OCS counts as failed.
 */
export function handledOnce(
  guid: string,
  reading: CountReading,
  acknowledged: boolean,
): HandledJudgement {
  if ('problem' in reading)
    return {
      ok: false,
      words: `how many times ${guid} was handled could not be read: ${reading.problem}`,
    };
  const { count } = reading;
  if (count > 1)
    return { ok: false, count, words: `${guid} was handled ${count} times, expected once` };
  if (count === 0)
    return {
      ok: false,
      count,
      words: acknowledged
        ? `${guid} was acknowledged but handled 0 times: the notification is lost (OCS never resends one it got a 2xx for)`
        : `${guid} was neither acknowledged nor handled (0 times)`,
    };
  return acknowledged
    ? { ok: true, count, words: `${guid} was handled ${times(count)}` }
    : {
        ok: false,
        count,
        words: `${guid} was handled once, but no delivery of it was acknowledged: OCS counts it failed`,
      };
}
