import { randomInt, randomUUID } from 'node:crypto';
import type { ContactProcessed } from '../../message/ContactProcessed.generated.js';
import { epochMillis, freshContactProcessed } from '../../message/freshContactProcessed.js';
import { mapConcurrent } from '../../util/mapConcurrent.js';
import { describeExchange, is2xx, type Exchange, type OutgoingRequest } from './Exchange.js';
import { handledOnce, type HandledJudgement } from '../../receiver/handledOnce.js';
import type { OnceCheck, OnceContext, OnceOutcome, SentNotification } from './OnceCheck.js';
import { asOcs } from './probeChecks.js';
import { sendExchange } from './sendExchange.js';
import { settledCount } from './settledCount.js';
import { untilAcknowledged } from './untilAcknowledged.js';

/** A notification of the check's own: its GUID, its body as sent, and its request as OCS sends it. */
interface Own {
  readonly guid: string;
  readonly body: string;
  readonly request: OutgoingRequest;
}

function own(context: OnceContext, message: ContactProcessed = freshContactProcessed()): Own {
  const body = JSON.stringify(message);
  const guid = message.GSW_MESSAGE_GUID;
  return { guid, body, request: asOcs(context.target.headers, body, guid) };
}

/** Each answer in a few words, one detail line each. */
const answers = (exchanges: readonly Exchange[], context: OnceContext) =>
  exchanges.map((e) => `${e.label}: ${describeExchange(e, context.timeoutSeconds)}`);

/** The outcome of a check that judged one notification's count. */
function judgedOne(
  context: OnceContext,
  exchanges: readonly Exchange[],
  judged: HandledJudgement,
  passed: string,
  atOnce: boolean,
): OnceOutcome {
  const details = answers(exchanges, context);
  if (judged.ok)
    return { status: 'pass', summary: `${judged.words}: ${passed}`, details, exchanges };
  return {
    status: 'fail',
    summary: judged.words,
    details,
    exchanges,
    reproduce: {
      exchanges: exchanges.filter((e) => !e.label.startsWith('a later copy')),
      atOnce,
      note: judged.words,
    },
  };
}

/** A copy sent once the first was acknowledged: OCS's retry when the 2xx was lost on the way. */
const afterAcknowledgement: OnceCheck = {
  id: 'exactly-once-duplicate',
  title: 'a copy sent after the first delivery was answered is not handled again',
  async play(context) {
    const { guid, body, request } = own(context);
    const exchanges = [
      await sendExchange(context.target, 'first delivery', request),
      await sendExchange(context.target, 'the copy (the same bytes), after the answer', request),
    ];
    const acknowledged = exchanges.some(is2xx);
    const reading = await settledCount(context, guid, body, { acknowledged });
    const judged = handledOnce(guid, reading, acknowledged);
    return judgedOne(
      context,
      exchanges,
      judged,
      'the copy was acknowledged without a second effect',
      false,
    );
  },
};

/**
 * OCS's retry race: the copy sent while the first delivery is still being handled, as OCS sends it
 * once its response timeout has passed. The check cannot make the receiver slow, so it does not wait
 * the timeout out: the copy goes as soon as the first is on the wire. With one connection (a pool of
 * 1), the first is given up then, its connection closed, as OCS does; with more, it stays open and
 * both answers are waited for. A copy answered 503 (the first still in progress) is sent again as OCS
 * would, so the notification must end up acknowledged and handled exactly once.
 */
const retryRace: OnceCheck = {
  id: 'exactly-once-retry-race',
  title:
    'a copy sent while the first delivery is still being handled (OCS retrying after its response timeout) is not handled twice',
  async play(context) {
    const { target } = context;
    const { guid, body, request } = own(context);
    const started = performance.now();
    const giveUp = target.poolSize === 1;
    let onWire = (): void => undefined;
    const written = new Promise<void>((resolve) => (onWire = resolve));
    const first = sendExchange(target, 'first delivery', request, { onWritten: onWire, giveUp });
    await Promise.race([written, first]);
    const copy = sendExchange(
      target,
      'the copy, sent while the first is still being handled',
      request,
    );
    const exchanges = await Promise.all([first, copy]);
    const timeoutMs = context.target.timeoutMs;
    await untilAcknowledged(target, exchanges, request, started + timeoutMs);
    const acknowledged = exchanges.some(is2xx);
    // A first delivery given up may still be handled until OCS's timeout would have run out.
    const notBefore = giveUp ? started + timeoutMs : 0;
    const reading = await settledCount(context, guid, body, { notBefore, acknowledged });
    const judged = handledOnce(guid, reading, acknowledged);
    return judgedOne(context, exchanges, judged, 'the overlapping copy had no second effect', true);
  },
};

/** As many copies at once as OCS's pool has connections. */
const burst: OnceCheck = {
  id: 'exactly-once-burst',
  title:
    "copies sent at once, one on each of the pool's connections (--pool-size), are handled once",
  async play(context) {
    const { target } = context;
    const n = target.poolSize;
    if (n < 2)
      return {
        status: 'skip',
        summary:
          'not run: with a pool of 1 connection (--pool-size 1) no two requests are ever under way at ' +
          "once; give your OCS's http-connection-pool-size to send that many copies at once",
        exchanges: [],
      };
    const { guid, body, request } = own(context);
    const started = performance.now();
    const exchanges = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        sendExchange(target, `copy ${i + 1} of ${n}, all sent at once`, request),
      ),
    );
    await untilAcknowledged(target, exchanges, request, started + context.target.timeoutMs);
    const acknowledged = exchanges.some(is2xx);
    const reading = await settledCount(context, guid, body, { acknowledged });
    const judged = handledOnce(guid, reading, acknowledged);
    return judgedOne(context, exchanges, judged, `${n} copies at once had one effect`, true);
  },
};

/** The fields two notifications of one processed record and call attempt share. */
const SHARED = 'GSW_CHAIN_ID, GSW_RECORD_HANDLE and GSW_CALL_ATTEMPT_GUID';

/**
 * Two notifications that share chain id, record handle and call attempt GUID, each with its own
 * GSW_MESSAGE_GUID: a dedupe keyed on anything but GSW_MESSAGE_GUID takes the second for a retry of
 * the first, and loses it.
 */
const distinct: OnceCheck = {
  id: 'exactly-once-distinct',
  title: `two notifications sharing ${SHARED}, each with its own GSW_MESSAGE_GUID, are each handled`,
  async play(context) {
    const first = freshContactProcessed({
      GSW_CHAIN_ID: randomInt(1, 2 ** 31 - 1),
      GSW_RECORD_HANDLE: randomInt(1, 2 ** 31 - 1),
    });
    const second = {
      ...first,
      GSW_MESSAGE_GUID: randomUUID(),
      GSW_TIMESTAMP: epochMillis(Date.now() + 1000),
    };
    const notifications = [own(context, first), own(context, second)];
    const labels = ['a notification', `another one, sharing its ${SHARED}`];
    const exchanges: Exchange[] = [];
    for (const [i, n] of notifications.entries())
      exchanges.push(await sendExchange(context.target, labels[i]!, n.request));
    const judged = await Promise.all(
      notifications.map(async (n, i) => {
        const acknowledged = is2xx(exchanges[i]!);
        return handledOnce(
          n.guid,
          await settledCount(context, n.guid, n.body, { acknowledged }),
          acknowledged,
        );
      }),
    );
    const details = answers(exchanges, context);
    const wrong = judged.filter((j) => !j.ok);
    if (wrong.length === 0)
      return {
        status: 'pass',
        summary: `each was handled once: the dedupe key is GSW_MESSAGE_GUID`,
        details,
        exchanges,
      };
    const merged =
      judged[0]!.count === 1 && judged[1]!.count === 0
        ? `; the second was taken for a retry of the first: the dedupe key must be GSW_MESSAGE_GUID alone, not ${SHARED}`
        : '';
    const summary = `${wrong.map((j) => j.words).join('; ')}${merged}`;
    return {
      status: 'fail',
      summary,
      details,
      exchanges,
      reproduce: { exchanges, atOnce: false, note: summary },
    };
  },
};

/** How many notifications' counts are read at once by the whole-run check. */
const COUNTS_AT_ONCE = 4;

/**
 * Every valid notification the other checks sent, handled exactly once: a fresh GUID exactly once, a
 * fixed one (the pact's, the same every run) at least once. Those never acknowledged are left to the
 * checks that sent them.
 */
const wholeRun: OnceCheck = {
  id: 'exactly-once-whole-run',
  title:
    'every valid notification the other checks sent and got acknowledged was handled exactly once',
  async play(context) {
    const judged = context.others.filter((n) => n.exchanges.some(is2xx));
    if (judged.length === 0)
      return {
        status: 'skip',
        summary: 'not judged: no valid notification of the run was acknowledged',
        exchanges: [],
      };
    const verdicts = await mapConcurrent(judged, COUNTS_AT_ONCE, async (n) => {
      const reading = await settledCount(context, n.guid, n.body, { acknowledged: true });
      const fixedOk = n.fixed && 'count' in reading && reading.count >= 1;
      return { n, judgement: fixedOk ? undefined : handledOnce(n.guid, reading, true) };
    });
    const wrong = verdicts.filter((v) => v.judgement !== undefined && !v.judgement.ok);
    const fixed = judged.filter((n) => n.fixed).length;
    if (wrong.length === 0)
      return {
        status: 'pass',
        summary:
          `each of the ${judged.length - fixed} notifications with this run's GUIDs was handled once` +
          (fixed > 0
            ? `, each of the ${fixed} with the pact's fixed GUIDs (counted over every run) at least once`
            : ''),
        exchanges: [],
      };
    const lines = wrong.map((v) => `${v.n.label}: ${v.judgement!.words}`);
    const exchanges = wrong.flatMap((v) => v.n.exchanges);
    return {
      status: 'fail',
      summary: `${wrong.length} of ${judged.length} acknowledged notifications not handled exactly once: ${lines[0]}`,
      details: lines,
      exchanges,
      reproduce: { exchanges: wrong[0]!.n.exchanges, atOnce: false, note: lines[0]! },
    };
  },
};

/** The exactly-once checks, in the order they run (the whole-run check last: the others are settled then). */
export const onceChecks: readonly OnceCheck[] = [
  afterAcknowledgement,
  retryRace,
  burst,
  distinct,
  wholeRun,
];

/** What the whole-run check counts: the valid notifications another check sent, by GUID (`SentNotification`). */
export type { SentNotification };
