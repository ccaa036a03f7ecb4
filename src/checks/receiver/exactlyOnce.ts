import { freshContactProcessed } from '../../message/freshContactProcessed.js';
import type { Finding } from '../../report/Report.js';
import { is2xx, type Exchange } from './Exchange.js';
import type { ExchangeView } from './exchangeTimeline.js';
import type { OnceCheck, OnceContext, OnceOutcome } from './OnceCheck.js';
import { onceChecks } from './onceChecks.js';
import { givenUp } from './sendExchange.js';
import { curlOf, HIDDEN_NOTE, withExchanges } from './withExchanges.js';

/** The finding, only when it fails, that the handled count cannot be used. */
export const HANDLED_COUNT_ID = 'handled-count';

/** The SKIP of every exactly-once check when no handled count was given. */
export const NO_HANDLED_COUNT =
  'not run: whether a notification was handled once cannot be seen over HTTP; give ' +
  "--handled-count 'CMD' (handledCount in code), which says how many times your receiver handled " +
  'a GUID (docs/receiver.md#exactly-once-effects-observed)';

/** The exactly-once checks, each a SKIP with `summary`. */
export function onceSkipped(summary: string): Finding[] {
  return onceChecks.map(({ id, title }) => ({ id, title, status: 'skip', summary }));
}

/**
 * First, the count of a GUID never sent: a source that cannot be read, or that counts something else
 * than that notification's handlings (a `wc -l` of the whole log), is one failing finding, and no
 * notification is sent for nothing.
 */
async function countUsable(context: OnceContext): Promise<Finding | undefined> {
  const unsent = freshContactProcessed();
  const reading = await context.read(unsent.GSW_MESSAGE_GUID, JSON.stringify(unsent));
  const title = 'the handled count can be read (a GUID never sent counts 0)';
  if ('problem' in reading)
    return { id: HANDLED_COUNT_ID, title, status: 'fail', summary: reading.problem };
  if (reading.count === 0) return undefined;
  return {
    id: HANDLED_COUNT_ID,
    title,
    status: 'fail',
    summary:
      `it gave ${reading.count} for a GUID never sent (${unsent.GSW_MESSAGE_GUID}): it does not count ` +
      'the handlings of that one notification (does it use CPN_GUID?)',
  };
}

/** An answer that is right for a copy: a 2xx, a 503 (the first still being handled), a request the check gave up. */
const rightForACopy = (e: Exchange) => is2xx(e) || e.status === 503 || givenUp(e);

/** The requests of a failure as curl commands: one after the other, or all at once (then `wait`). */
function reproducer(reproduce: NonNullable<OnceOutcome['reproduce']>, view: ExchangeView): string {
  const curls = reproduce.exchanges.map((e) => curlOf(e, view));
  const commands = curls.map((c) => c.command);
  const how = reproduce.atOnce
    ? '# send the copies at once, then ask your store how many times it handled the GUID'
    : '# send these one after the other, then ask your store how many times it handled the GUID';
  return [
    ...(curls.some((c) => c.hidden) ? [HIDDEN_NOTE] : []),
    `# ${reproduce.note}`,
    how,
    ...(reproduce.atOnce ? [...commands.map((c) => `${c} &`), 'wait'] : commands),
  ].join('\n');
}

/** One exactly-once check's finding, with its timeline and, when it failed, its reproducer. */
function onceFinding(
  check: OnceCheck,
  outcome: OnceOutcome,
  durationMs: number,
  view: ExchangeView,
): Finding {
  const { id, title } = check;
  const { status, summary, details } = outcome;
  const base: Finding = {
    id,
    title,
    status,
    summary,
    durationMs,
    ...(details ? { details } : {}),
    ...(status === 'fail' ? { rules: ['receiver-handled-once'] } : {}),
  };
  const shown = withExchanges(base, outcome.exchanges, rightForACopy, view);
  const { curl: _first, ...rest } = shown;
  return status === 'fail' && outcome.reproduce !== undefined
    ? { ...rest, curl: reproducer(outcome.reproduce, view) }
    : rest;
}

/**
 * Runs the exactly-once checks one after the other, once the other checks are answered: first the
 * count of a GUID never sent (it must be 0), then each check with notifications of its own. Each
 * finding goes to `onDone` as it is judged. Stops between checks once the signal aborts.
 */
export async function runExactlyOnce(
  context: OnceContext,
  onDone?: (finding: Finding) => void,
): Promise<Finding[]> {
  const unusable = await countUsable(context);
  if (unusable !== undefined)
    return [
      unusable,
      ...onceSkipped(`not judged: the handled count cannot be used (see ${HANDLED_COUNT_ID})`),
    ];
  const findings: Finding[] = [];
  for (const check of onceChecks) {
    if (context.signal?.aborted === true) break;
    const started = performance.now();
    const outcome = await check.play(context);
    const finding = onceFinding(check, outcome, performance.now() - started, context.view);
    findings.push(finding);
    onDone?.(finding);
  }
  return findings;
}
