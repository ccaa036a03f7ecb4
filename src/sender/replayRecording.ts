import { randomUUID } from 'node:crypto';
import { badOption } from '../errors/OptionError.js';
import { epochMillis } from '../message/freshContactProcessed.js';
import { bodyBytes } from '../record/RecordedExchange.js';
import { readRecording } from '../record/readRecording.js';
import { normalizeGuid } from '../receiver/DedupeStore.js';
import { mapConcurrent } from '../util/mapConcurrent.js';
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
  /** Called after each notification ends. */
  readonly onResult?: (result: SendResult) => void;
}

/** One notification of a recording: its GUID and the bytes of its first attempt. */
interface Recorded {
  readonly guid: string;
  readonly body: Buffer;
}

/** The notifications of a recording, each once (its first attempt's bytes), in the order they came. */
async function notificationsIn(file: string, only: string | undefined): Promise<Recorded[]> {
  const seen = new Set<string>();
  const out: Recorded[] = [];
  const wanted = only === undefined ? undefined : normalizeGuid(only);
  for await (const exchange of readRecording(file)) {
    if (exchange.guid === null || exchange.request.method !== 'POST') continue;
    const key = normalizeGuid(exchange.guid);
    if (seen.has(key) || (wanted !== undefined && key !== wanted)) continue;
    seen.add(key);
    out.push({ guid: exchange.guid, body: bodyBytes(exchange.request) });
  }
  if (only !== undefined && out.length === 0)
    badOption('guid', `a GSW_MESSAGE_GUID recorded in ${file}`, only);
  return out;
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

/**
 * Sends the notifications of a recording again through the reference sender (its pool, timeout and
 * retries as given): byte for byte by default — what OCS's retry would send, so a receiver must
 * acknowledge each as a duplicate — or with `fresh` as new notifications. Returns a summary like
 * `sendBatch`'s.
 *
 * @example
 * const summary = await replayRecording({ file: 'staging.ndjson', uri: 'http://127.0.0.1:8080/crm' });
 */
export async function replayRecording(options: ReplayOptions): Promise<SendSummary> {
  const recorded = await notificationsIn(options.file, options.guid);
  const sender = createSender(options);
  const tally = new SendTally(recorded.length);
  try {
    await mapConcurrent(recorded, options.connectionPoolSize ?? 1, async (one, i) => {
      const sent = payload(one, options.fresh === true);
      const result: SendResult =
        sent === undefined
          ? {
              guid: one.guid,
              outcome: 'failed',
              reason: 'the recorded body is not JSON, so --fresh cannot renew it',
              attempts: 0,
              durationMs: 0,
            }
          : await sender.sendSerialized(sent.guid, sent.body);
      tally.add(i, result);
      options.onResult?.(result);
    });
  } finally {
    await sender.close();
  }
  return tally.summary();
}
