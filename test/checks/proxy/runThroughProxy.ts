/**
 * Runs a sender through a judging proxy in front of a receiver, and hands back what the proxy judged:
 * the report, the live judgements, and the recording read back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type ProxyOptions } from '../../../src/checks/proxy/startProxy.js';
import type { JudgedNotification } from '../../../src/checks/proxy/TrackedNotification.js';
import type { RecordedExchange } from '../../../src/record/RecordedExchange.js';
import { readRecording } from '../../../src/record/readRecording.js';
import type { Finding, Report } from '../../../src/report/Report.js';
import type { ContactProcessed } from '../../../src/message/ContactProcessed.generated.js';
import {
  createSender,
  type SendResult,
  type SenderOptions,
} from '../../../src/sender/createSender.js';
import { mapConcurrent } from '../../../src/util/mapConcurrent.js';

export interface ProxyRun {
  readonly report: Report;
  readonly judged: readonly JudgedNotification[];
  readonly recorded: readonly RecordedExchange[];
  /** The finding with this id (the test fails when there is none). */
  readonly finding: (id: string) => Finding;
  /** The ids of the failing findings that are not per-notification ones. */
  readonly failing: readonly string[];
}

/** The settings every proxy test judges with, unless it says otherwise: 1 s timeout, 1.5 s retry window. */
export const quick = { responseTimeout: 1, retryWindow: 1.5 } as const;

/**
 * Starts a proxy to `target` with `options`, runs `send(proxyUrl)`, waits `settleMs` for the last
 * judgements, closes the proxy and reads its recording.
 */
export async function runThroughProxy(
  target: string,
  options: Omit<ProxyOptions, 'target' | 'port' | 'record'>,
  send: (proxyUrl: string) => Promise<unknown>,
  settleMs = 0,
): Promise<ProxyRun> {
  const dir = await mkdtemp(join(tmpdir(), 'cpn-kit-proxy-'));
  const record = join(dir, 'run.ndjson');
  const judged: JudgedNotification[] = [];
  try {
    const proxy = await startProxy({ ...quick, ...options, target, port: 0, record }, (j) =>
      judged.push(j),
    );
    const sent = await send(proxy.url).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
    const report = await proxy.close();
    if (sent !== undefined) throw sent;
    const recorded: RecordedExchange[] = [];
    for await (const exchange of readRecording(record)) recorded.push(exchange);
    const finding = (id: string) => {
      const found = report.findings.find((f) => f.id === id);
      if (found === undefined)
        throw new Error(`no finding ${id} in ${report.findings.map((f) => f.id).join(', ')}`);
      return found;
    };
    const failing = report.findings
      .filter((f) => f.status === 'fail' && !f.id.startsWith('notification '))
      .map((f) => f.id);
    return { report, judged, recorded, finding, failing };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Sends `messages` to `url` with the reference sender (the quick timeout unless `options` say
 * otherwise): all at once, or one after another when `inTurn` is set.
 */
export async function referenceSend(
  url: string,
  messages: readonly object[],
  options: Partial<SenderOptions> = {},
  inTurn = false,
): Promise<SendResult[]> {
  const sender = createSender({ uri: url, responseTimeout: quick.responseTimeout, ...options });
  try {
    const limit = inTurn ? 1 : messages.length;
    return await mapConcurrent(messages, limit, (m) => sender.send(m as ContactProcessed));
  } finally {
    await sender.close();
  }
}
