import { closeSync, mkdirSync, openSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OutputError, writeFailure } from '../errors/OutputError.js';
import type { Issue } from '../message/Issue.js';
import { SecretMask } from '../http/SecretMask.js';
import type { DedupeStore } from '../receiver/DedupeStore.js';
import { startReceiver, type RunningReceiver } from '../receiver/startReceiver.js';
import { claimOutputs } from './claimOutputs.js';
import type { DedupeSettings } from './dedupeFlags.js';
import { receiverRecorder } from './receiverRecorder.js';
import { UsageError } from '../errors/UsageError.js';
import { stopSignal } from './stopSignal.js';

/** Options of `cpn-kit receive`. */
export interface ReceiveCommandOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** Accepted notifications are appended here, one JSON object a line. */
  readonly log?: string;
  readonly bodyLimit?: number;
  /** Every answered exchange is appended here (the recording `cpn-kit replay` reads). */
  readonly record?: string;
  /** Keep the secret headers' values in the recording (default: masked). */
  readonly recordSecrets?: boolean;
  /** More headers whose values are secret, masked in the recording like Authorization. */
  readonly redactHeaders?: readonly string[];
  /** False: keep running when the process that started this one ends (default: stop, as on SIGTERM). */
  readonly parentWatch?: boolean;
  /** The dedupe store shared in Redis (default: in this process's memory). */
  readonly dedupe?: DedupeSettings;
}

/** The store `--dedupe` names, connected (its peer loaded only then), with what to print and how to close it. */
async function sharedStore(
  dedupe: DedupeSettings | undefined,
): Promise<{ store?: DedupeStore; line: string; close: () => Promise<void> }> {
  if (dedupe === undefined) return { line: '', close: () => Promise.resolve() };
  const { RedisDedupeStore } = await import('../redis/RedisDedupeStore.js');
  const store = await RedisDedupeStore.connect({
    url: dedupe.url,
    ...(dedupe.prefix !== undefined ? { prefix: dedupe.prefix } : {}),
    ...(dedupe.ca !== undefined ? { tls: { ca: dedupe.ca } } : {}),
  });
  return {
    store,
    line: `dedupe store: shared in Redis at ${store.address}, keys ${store.prefix}<guid>\n`,
    close: () => store.close(),
  };
}

/**
 * A line of `--log`: the message is the body's own JSON text, not the parsed message written again,
 * so that no body, however deeply nested, can overflow the stack here (a new line in JSON text can
 * only be white space between tokens, so it becomes a space and the line stays one line).
 */
function logLine(
  receivedAt: Date,
  guid: string,
  warnings: readonly Issue[],
  body: Uint8Array,
): string {
  const head = JSON.stringify({
    receivedAt: receivedAt.toISOString(),
    guid,
    warnings: warnings.map((w) => w.message),
  });
  const message = Buffer.from(body)
    .toString('utf8')
    .replace(/[\r\n]+/g, ' ');
  return `${head.slice(0, -1)},"message":${message}}\n`;
}

/** Refuses, at start, a file that cannot be appended to (a folder, no permission). */
function probeAppendable(output: string, file: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    closeSync(openSync(file, 'a'));
  } catch (error) {
    throw new OutputError(output, file, writeFailure(error), { cause: error });
  }
}

/**
 * `cpn-kit receive`: a stand-in CRM. Prints `listening on URL`, logs each accepted notification
 * (to the NDJSON file when given) and stops cleanly on SIGINT / SIGTERM.
 */
export async function runReceive(
  options: ReceiveCommandOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<RunningReceiver> {
  let writes = Promise.resolve();
  const { log } = options;
  claimOutputs({ '--log': log, '--record': options.record });
  if (options.recordSecrets === true && options.record === undefined)
    throw new UsageError(
      '--record-secrets: only with --record (it keeps secrets in the recording)',
    );
  if (log !== undefined) probeAppendable('log', log);
  const shared = await sharedStore(options.dedupe);
  const mask =
    options.recordSecrets === true
      ? null
      : new SecretMask({ headers: options.redactHeaders ?? [] });
  const recorder =
    options.record === undefined ? undefined : receiverRecorder(options.record, mask);
  const running = await startReceiver({
    ...(shared.store !== undefined ? { store: shared.store } : {}),
    ...(recorder ? { onAnswered: recorder.onAnswered } : {}),
    host: options.host,
    port: options.port,
    path: options.path,
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    // Without --log the receiver needs no application: its answers then cost no promise.
    ...(log !== undefined
      ? {
          onNotification: async ({ body, guid, warnings, receivedAt }) => {
            const line = logLine(receivedAt, guid, warnings, body);
            writes = writes.then(() => appendFile(log, line));
            await writes;
          },
        }
      : {}),
  }).catch(async (error: unknown) => {
    await shared.close();
    throw error;
  });
  const stop = stopSignal({ watchParent: options.parentWatch !== false });
  stop.signal.addEventListener('abort', () => {
    stop.dispose();
    void running.close().then(async () => {
      // Deliveries still being handled finish (their claims completed or released) before the store closes.
      await shared.close();
      const { accepted, duplicates, rejected, inProgress } = running.receiver.stats;
      await writes.catch(() => undefined);
      await recorder?.writer.close();
      out.write(
        `stopped on ${stop.reason() ?? 'request'}: ${accepted} accepted, ${duplicates} duplicate(s), ` +
          `${rejected} rejected${inProgress > 0 ? `, ${inProgress} in progress (503)` : ''}\n`,
      );
    });
  });
  // Printed only once the signal handlers are in place: whoever reads this line may stop us at once.
  out.write(`${shared.line}listening on ${running.url}\n`);
  return running;
}
