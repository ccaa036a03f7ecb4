import { appendFile } from 'node:fs/promises';
import { startReceiver, type RunningReceiver } from '../receiver/startReceiver.js';
import { receiverRecorder } from './receiverRecorder.js';

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
  const recorder = options.record === undefined ? undefined : receiverRecorder(options.record);
  const running = await startReceiver({
    ...(recorder ? { onAnswered: recorder.onAnswered } : {}),
    host: options.host,
    port: options.port,
    path: options.path,
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    // Without --log the receiver needs no application: its answers then cost no promise.
    ...(log !== undefined
      ? {
          onNotification: async ({ message, guid, warnings, receivedAt }) => {
            const entry = {
              receivedAt: receivedAt.toISOString(),
              guid,
              warnings: warnings.map((w) => w.message),
              message,
            };
            const line = `${JSON.stringify(entry)}\n`;
            writes = writes.then(() => appendFile(log, line));
            await writes;
          },
        }
      : {}),
  });
  const stop = (signal: string): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    const { accepted, duplicates, rejected } = running.receiver.stats;
    void running.close().then(async () => {
      await recorder?.writer.close();
      out.write(
        `stopped on ${signal}: ${accepted} accepted, ${duplicates} duplicate(s), ${rejected} rejected\n`,
      );
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Printed only once the signal handlers are in place: whoever reads this line may stop us at once.
  out.write(`listening on ${running.url}\n`);
  return running;
}
