import { SendTally, type SendSummary } from './SendTally.js';
import { randomUUID } from 'node:crypto';
import type { ContactProcessed } from '../message/ContactProcessed.generated.js';
import { epochMillis } from '../message/freshContactProcessed.js';
import { assumptions } from '../assumptions.js';
import { createSender, type SendResult, type SenderOptions } from './createSender.js';
import { badOption } from '../errors/OptionError.js';

/** Options of {@link sendBatch}: the sender's settings plus what to send. */
export interface SendBatchOptions extends SenderOptions {
  /** How many notifications; default 1. */
  readonly count?: number;
  /**
   * Message templates, used in turn; each notification gets a fresh GSW_MESSAGE_GUID and
   * GSW_TIMESTAMP (so each is a distinct notification). Default: generated valid messages.
   */
  readonly templates?: readonly ContactProcessed[];
  /**
   * Notifications under way at once; default twice the connection pool size. At most
   * `connectionPoolSize` of them are on a connection; the rest wait in the pool's queue (their
   * response timeout starts when they get a connection), so a connection that frees up takes the
   * next notification at once instead of waiting for this loop, as OCS's own queue does.
   */
  readonly concurrency?: number;
  /** Called after each notification ends. */
  readonly onResult?: (result: SendResult, done: number, total: number) => void;
}

const GUID_MARK = '\u0000cpn-kit-guid\u0000';
const TIME_MARK = '\u0000cpn-kit-timestamp\u0000';

function splitOnce(text: string, marker: string): [string, string] {
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + 1) >= 0)
    throw new Error('sendBatch: a template could not be prepared (marker not found exactly once)');
  return [text.slice(0, at), text.slice(at + marker.length)];
}

/** A template serialized once around two markers, for splicing a fresh GUID and timestamp in. */
interface TemplateParts {
  readonly guidFirst: boolean;
  readonly p0: string;
  readonly p1: string;
  readonly p2: string;
}

function templateParts(template: ContactProcessed): TemplateParts {
  const text = JSON.stringify({
    ...template,
    GSW_MESSAGE_GUID: GUID_MARK,
    GSW_TIMESTAMP: TIME_MARK,
  });
  const [head, afterGuid] = splitOnce(text, JSON.stringify(GUID_MARK));
  const guidFirst = afterGuid.includes(JSON.stringify(TIME_MARK));
  const [a, b] = guidFirst
    ? splitOnce(afterGuid, JSON.stringify(TIME_MARK))
    : splitOnce(head, JSON.stringify(TIME_MARK));
  return guidFirst
    ? { guidFirst, p0: head, p1: a, p2: b }
    : { guidFirst, p0: a, p1: b, p2: afterGuid };
}

/**
 * A notification: the template's JSON with a fresh GUID and timestamp spliced in, the same bytes
 * JSON.stringify gives.
 */
function freshJson(part: TemplateParts, guid: string): string {
  const stamp = `"${epochMillis()}"`;
  return part.guidFirst
    ? `${part.p0}"${guid}"${part.p1}${stamp}${part.p2}`
    : `${part.p0}${stamp}${part.p1}"${guid}"${part.p2}`;
}

/** The messages to send: the templates given, or generated valid ones (fast-check loads only then). */
async function templatesFor(
  options: SendBatchOptions,
  total: number,
): Promise<readonly ContactProcessed[]> {
  if (options.templates && options.templates.length > 0) return options.templates;
  const { generateContactProcessed } = await import('../message/arbitraryContactProcessed.js');
  return generateContactProcessed(Math.min(Math.max(total, 1), 500), {
    seed: Date.now() % 2 ** 31,
  });
}

/**
 * Sends a batch of notifications through one reference sender and summarises the outcome (the
 * engine of `cpn-kit send`). Never rejects for network or HTTP reasons; rejects on invalid options.
 *
 * @example
 * const summary = await sendBatch({ uri: 'http://127.0.0.1:8080/ocs', count: 100, connectionPoolSize: 10 });
 * console.log(summary.delivered, summary.latencyMs.p99);
 */
export type { SendSummary } from './SendTally.js';

export async function sendBatch(options: SendBatchOptions): Promise<SendSummary> {
  const total = options.count ?? 1;
  if (!Number.isInteger(total) || total < 0) badOption('count', 'an integer 0 or more', total);
  const concurrency =
    options.concurrency ?? (options.connectionPoolSize ?? assumptions.connectionPoolSize) * 2;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    badOption('concurrency', 'an integer 1 or more', concurrency);
  const sender = createSender(options);
  const parts = (await templatesFor(options, total)).map(templateParts);
  const tally = new SendTally(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const guid = randomUUID();
      const result = await sender.sendSerialized(
        guid,
        Buffer.from(freshJson(parts[i % parts.length]!, guid), 'utf8'),
      );
      tally.add(i, result);
      options.onResult?.(result, tally.done, total);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(total, 1)) }, worker));
  } finally {
    await sender.close();
  }
  return tally.summary();
}
