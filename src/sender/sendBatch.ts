import { randomUUID } from 'node:crypto';
import type { ContactProcessed } from '../message/ContactProcessed.generated.js';
import { epochMillis } from '../message/freshContactProcessed.js';
import { createSender, type SendResult, type SenderOptions } from './createSender.js';

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
  if (at < 0 || text.indexOf(marker, at + 1) >= 0) throw new Error('sendBatch: a template could not be prepared (marker not found exactly once)');
  return [text.slice(0, at), text.slice(at + marker.length)];
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
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
  if (!Number.isInteger(total) || total < 0) throw new Error(`count: expected an integer 0 or more, found ${total}`);
  const sender = createSender(options);
  const concurrency = options.concurrency ?? sender.settings.connectionPoolSize * 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    await sender.close();
    throw new Error(`concurrency: expected an integer 1 or more, found ${concurrency}`);
  }
  // The generator (fast-check) loads only when no template is given.
  const templates = options.templates && options.templates.length > 0 ? options.templates : (await import('../message/arbitraryContactProcessed.js')).generateContactProcessed(Math.min(Math.max(total, 1), 500), { seed: Date.now() % 2 ** 31 });
  const latencies = new Float64Array(total);
  const statusCounts: Record<string, number> = {};
  const failures: { guid: string; reason: string }[] = [];
  let delivered = 0;
  let attempts = 0;
  let next = 0;
  let done = 0;
  const started = performance.now();
  // Each template serialized once around two markers; a notification is the template's JSON with a
  // fresh GUID and timestamp spliced in: the same bytes JSON.stringify would give, a fraction of the cost.
  const parts = templates.map((template) => {
    const text = JSON.stringify({ ...template, GSW_MESSAGE_GUID: GUID_MARK, GSW_TIMESTAMP: TIME_MARK });
    const [head, afterGuid] = splitOnce(text, JSON.stringify(GUID_MARK));
    const guidFirst = afterGuid.includes(JSON.stringify(TIME_MARK));
    const [a, b] = guidFirst ? splitOnce(afterGuid, JSON.stringify(TIME_MARK)) : splitOnce(head, JSON.stringify(TIME_MARK));
    return guidFirst ? { guidFirst, p0: head, p1: a, p2: b } : { guidFirst, p0: a, p1: b, p2: afterGuid };
  });
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const part = parts[i % parts.length]!;
      const guid = randomUUID();
      const stamp = `"${epochMillis()}"`;
      const json = part.guidFirst ? `${part.p0}"${guid}"${part.p1}${stamp}${part.p2}` : `${part.p0}${stamp}${part.p1}"${guid}"${part.p2}`;
      const result = await sender.sendSerialized(guid, Buffer.from(json, 'utf8'));
      latencies[i] = result.durationMs;
      attempts += result.attempts;
      const key = result.lastStatus === undefined ? 'none' : String(result.lastStatus);
      statusCounts[key] = (statusCounts[key] ?? 0) + 1;
      if (result.outcome === 'delivered') delivered += 1;
      else if (failures.length < 20) failures.push({ guid: result.guid, reason: result.reason ?? 'failed' });
      done += 1;
      options.onResult?.(result, done, total);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(total, 1)) }, worker));
  } finally {
    await sender.close();
  }
  const durationMs = performance.now() - started;
  const sorted = latencies.sort();
  return {
    total,
    delivered,
    failed: total - delivered,
    attempts,
    statusCounts,
    latencyMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1]! : 0 },
    durationMs,
    ratePerSecond: durationMs > 0 ? (total / durationMs) * 1000 : 0,
    failures,
  };
}
