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

/** What a batch did. */
export interface SendSummary {
  readonly total: number;
  readonly delivered: number;
  readonly failed: number;
  /** Requests made, retries included. */
  readonly attempts: number;
  /** Final statuses by code (`'none'` when no response came). */
  readonly statusCounts: Readonly<Record<string, number>>;
  /** Per-notification latency (all attempts), ms. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly durationMs: number;
  /** Notifications per second. */
  readonly ratePerSecond: number;
  /** The first failures (at most 20), with reasons. */
  readonly failures: readonly { readonly guid: string; readonly reason: string }[];
}

const GUID_MARK = '\u0000cpn-kit-guid\u0000';
const TIME_MARK = '\u0000cpn-kit-timestamp\u0000';

function splitOnce(text: string, marker: string): [string, string] {
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + 1) >= 0)
    throw new Error('sendBatch: a template could not be prepared (marker not found exactly once)');
  return [text.slice(0, at), text.slice(at + marker.length)];
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
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

/** The running totals of a batch, and the summary they make. */
class Tally {
  readonly latencies: Float64Array;
  readonly statusCounts: Record<string, number> = {};
  readonly failures: { guid: string; reason: string }[] = [];
  delivered = 0;
  attempts = 0;
  done = 0;
  readonly #started = performance.now();

  constructor(readonly total: number) {
    this.latencies = new Float64Array(total);
  }

  add(i: number, result: SendResult): void {
    this.latencies[i] = result.durationMs;
    this.attempts += result.attempts;
    const key = result.lastStatus === undefined ? 'none' : String(result.lastStatus);
    this.statusCounts[key] = (this.statusCounts[key] ?? 0) + 1;
    if (result.outcome === 'delivered') this.delivered += 1;
    else if (this.failures.length < 20)
      this.failures.push({ guid: result.guid, reason: result.reason ?? 'failed' });
    this.done += 1;
  }

  summary(): SendSummary {
    const durationMs = performance.now() - this.#started;
    const sorted = this.latencies.sort();
    const { total, delivered, attempts, statusCounts, failures } = this;
    const latencyMs = {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1]! : 0,
    };
    return {
      total,
      delivered,
      failed: total - delivered,
      attempts,
      statusCounts,
      latencyMs,
      durationMs,
      ratePerSecond: durationMs > 0 ? (total / durationMs) * 1000 : 0,
      failures,
    };
  }
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
export async function sendBatch(options: SendBatchOptions): Promise<SendSummary> {
  const total = options.count ?? 1;
  if (!Number.isInteger(total) || total < 0) badOption('count', 'an integer 0 or more', total);
  const concurrency =
    options.concurrency ?? (options.connectionPoolSize ?? assumptions.connectionPoolSize) * 2;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    badOption('concurrency', 'an integer 1 or more', concurrency);
  const sender = createSender(options);
  const parts = (await templatesFor(options, total)).map(templateParts);
  const tally = new Tally(total);
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
