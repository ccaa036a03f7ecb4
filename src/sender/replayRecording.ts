import { randomUUID } from 'node:crypto';
import { badOption } from '../errors/OptionError.js';
import { epochMillis } from '../message/freshContactProcessed.js';
import { bodyBytes, type RecordedMessage } from '../record/RecordedExchange.js';
import { RecordingError } from '../errors/RecordingError.js';
import { readRecordingLines } from '../record/readRecording.js';
import { normalizeGuid } from '../ocs/normalizeGuid.js';
import { mapConcurrent } from '../util/mapConcurrent.js';
import { assumptions } from '../assumptions.js';
import { handledOnce } from '../receiver/handledOnce.js';
import { readHandledCount, type HandledCount } from '../receiver/readHandledCount.js';
import { createSender, type SendResult } from './createSender.js';
import type { SenderOptions } from './senderSettings.js';
import { SendTally, type SendSummary } from './SendTally.js';

/** Options of {@link replayRecording}: the recording, what to pick from it, and the sender's settings. */
export interface ReplayOptions extends SenderOptions {
  /** The NDJSON recording (`--record` of `cpn-kit proxy` or `cpn-kit receive`). */
  readonly file: string;
  /** Send each notification with a new GSW_MESSAGE_GUID and GSW_TIMESTAMP instead of the recorded bytes. */
  readonly fresh?: boolean;
  /** Only the notification with this GUID. */
  readonly guid?: string;
  /**
   * Each notification is sent this many times, byte-identical (the same GUID; with `fresh`, copies of
   * the same new notification): an idempotency hammer. Default 1.
   */
  readonly copies?: number;
  /**
   * At most this many requests under way at once, the copies of one notification side by side; the
   * pool gets as many connections when it has fewer. Default `connectionPoolSize`.
   */
  readonly concurrency?: number;
  /**
   * How many times the receiver handled a notification (see `checkReceiver`'s option): once every
   * copy is answered, each notification sent must have been handled exactly once.
   */
  readonly handledCount?: HandledCount;
  /** Called after each notification ends. */
  readonly onResult?: (result: SendResult) => void;
  /**
   * Told, before anything is sent, the headers the recorded requests carried that the replay will
   * not send (names only, never values): replay sends no recorded header — a credential would go
   * wherever `uri` points — only OCS's own and `customHeaders`. Give them there again.
   */
  readonly onUnsentHeaders?: (names: readonly string[]) => void;
}

/** Headers the reference sender writes itself, or that belong to one connection: never "unsent". */
const OWN_HEADERS = new Set([
  ...['accept', 'user-agent', 'host', 'etag', 'content-type', 'content-length', 'expect'],
  ...['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade'],
  ...['proxy-connection', 'proxy-authorization'],
]);

/** What a replay did: the send summary (one entry per copy), and how many times each was handled. */
export interface ReplaySummary extends SendSummary {
  /** How many times each notification was sent. */
  readonly copies: number;
  /** With `handledCount`: how many notifications were handled exactly once, and each that was not. */
  readonly handled?: {
    readonly once: number;
    readonly wrong: readonly {
      readonly guid: string;
      readonly count?: number;
      readonly why: string;
    }[];
  };
}

/** One notification of a recording: its GUID and the bytes of its first attempt. */
interface Recorded {
  readonly guid: string;
  readonly body: Buffer;
}

/** Why a recorded request's bytes cannot be sent again; undefined when they can. */
function unsendableBecause(request: RecordedMessage): string | undefined {
  if (request.bodyMasked === true)
    return (
      'the request body was recorded with a secret masked in it (bodyMasked), so its bytes ' +
      'cannot be sent again: record with --record-secrets to replay it, or pick another ' +
      'notification with --guid'
    );
  if (request.size !== undefined)
    return `the request body was too large to keep (${request.size} bytes, its hash only)`;
  return undefined;
}

/**
 * The notifications of a recording, each once (its first attempt's bytes), in the order they came,
 * with the names of the headers their requests carried that a replay does not send. The whole file
 * is read and checked first (every line, every body against its hash): a RecordingError refuses it
 * before anything is sent, as does a picked notification whose body was recorded with a secret masked.
 */
async function notificationsIn(
  file: string,
  only: string | undefined,
): Promise<{ recorded: Recorded[]; unsent: Set<string> }> {
  const seen = new Set<string>();
  const recorded: Recorded[] = [];
  const unsent = new Set<string>();
  const wanted = only === undefined ? undefined : normalizeGuid(only);
  for await (const { exchange, line } of readRecordingLines(file)) {
    if (exchange.guid === null || exchange.request.method !== 'POST') continue;
    const key = normalizeGuid(exchange.guid);
    if (seen.has(key) || (wanted !== undefined && key !== wanted)) continue;
    seen.add(key);
    const unsendable = unsendableBecause(exchange.request);
    if (unsendable !== undefined) throw new RecordingError(file, line, unsendable);
    for (const name of Object.keys(exchange.request.headers))
      if (!OWN_HEADERS.has(name.toLowerCase())) unsent.add(name.toLowerCase());
    recorded.push({ guid: exchange.guid, body: bodyBytes(exchange.request) });
  }
  if (only !== undefined && recorded.length === 0)
    badOption('guid', `a GSW_MESSAGE_GUID recorded in ${file}`, only);
  return { recorded, unsent };
}

/** The recorded bytes again (what OCS's retry would send), or the same message as a new notification. */
function payload(recorded: Recorded, fresh: boolean): { guid: string; body: Buffer } | undefined {
  if (!fresh) return recorded;
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(recorded.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const guid = randomUUID();
  const body = Buffer.from(
    JSON.stringify({ ...message, GSW_MESSAGE_GUID: guid, GSW_TIMESTAMP: epochMillis() }),
  );
  return { guid, body };
}

/** `copies` and `concurrency`, checked (an OptionError names each bad one). */
function hammer(options: ReplayOptions): { copies: number; concurrency: number; pool: number } {
  const copies = options.copies ?? 1;
  const pool = options.connectionPoolSize ?? assumptions.connectionPoolSize;
  const concurrency = options.concurrency ?? pool;
  if (!Number.isInteger(copies) || copies < 1) badOption('copies', 'an integer 1 or more', copies);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    badOption('concurrency', 'an integer 1 or more', concurrency);
  return { copies, concurrency, pool };
}

/** The notification as sent: the recorded bytes, or a fresh one; a result when it cannot be. */
function prepared(one: Recorded, fresh: boolean): { guid: string; body: Buffer } | SendResult {
  return (
    payload(one, fresh) ?? {
      guid: one.guid,
      outcome: 'failed',
      reason: 'the recorded body is not JSON, so --fresh cannot renew it',
      attempts: 0,
      durationMs: 0,
    }
  );
}

/** How many times each notification sent was handled, judged: exactly once. */
async function judgeHandled(
  source: HandledCount,
  sent: readonly { guid: string; body: Buffer; delivered: boolean }[],
): Promise<NonNullable<ReplaySummary['handled']>> {
  const judged = await mapConcurrent(sent, 4, async (n) => {
    const reading = await readHandledCount(source, n.guid, n.body.toString('utf8'));
    return { guid: n.guid, judgement: handledOnce(n.guid, reading, n.delivered) };
  });
  const wrong = judged.filter((j) => !j.judgement.ok);
  return {
    once: judged.length - wrong.length,
    wrong: wrong.map(({ guid, judgement }) => ({
      guid,
      ...(judgement.count !== undefined ? { count: judgement.count } : {}),
      why: judgement.words,
    })),
  };
}

/**
 * Sends the notifications of a recording again through the reference sender (its pool, timeout and
 * retries as given): byte for byte by default — what OCS's retry would send, so a receiver must
 * acknowledge each as a duplicate — or with `fresh` as new notifications. With `copies`, each is sent
 * that many times, at most `concurrency` requests at once (the copies of one side by side), and with
 * `handledCount` each must then have been handled exactly once. Returns a summary like `sendBatch`'s
 * (one entry per copy).
 *
 * @example
 * const summary = await replayRecording({ file: 'staging.ndjson', uri: 'http://127.0.0.1:8080/crm' });
 */
export async function replayRecording(options: ReplayOptions): Promise<ReplaySummary> {
  const { copies, concurrency, pool } = hammer(options);
  const { recorded, unsent } = await notificationsIn(options.file, options.guid);
  const sender = createSender({ ...options, connectionPoolSize: Math.max(pool, concurrency) });
  for (const name of Object.keys(sender.settings.customHeaders)) unsent.delete(name.toLowerCase());
  if (unsent.size > 0) options.onUnsentHeaders?.([...unsent].sort());
  const notifications = recorded.map((one) => prepared(one, options.fresh === true));
  const delivered = notifications.map(() => false);
  const sends = notifications.flatMap((n, i) => Array.from({ length: copies }, () => ({ n, i })));
  const tally = new SendTally(sends.length);
  try {
    await mapConcurrent(sends, concurrency, async ({ n, i }, k) => {
      const result = 'body' in n ? await sender.sendSerialized(n.guid, n.body) : n;
      if (result.outcome === 'delivered') delivered[i] = true;
      tally.add(k, result);
      options.onResult?.(result);
    });
  } finally {
    await sender.close();
  }
  const summary = { ...tally.summary(), copies };
  if (options.handledCount === undefined) return summary;
  const sent = notifications.flatMap((n, i) =>
    'body' in n ? [{ guid: n.guid, body: n.body, delivered: delivered[i]! }] : [],
  );
  return { ...summary, handled: await judgeHandled(options.handledCount, sent) };
}
