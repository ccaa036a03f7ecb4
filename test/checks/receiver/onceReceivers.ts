/**
 * Receivers whose dedupe is right or wrong in the ways teams get it wrong, for the exactly-once
 * checks: each handles a valid notification by adding one to its GUID's count (what `handledCount`
 * reads), after `delayMs` (a database write), and answers 200; 400 for an invalid body.
 */
import { appendFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateContactProcessed } from '../../../src/message/validateContactProcessed.js';

export type OnceKind =
  /** A Set of GUIDs claimed before handling: a copy during the handling gets 503 + Retry-After, after it 200. */
  | 'in-flight-503'
  /** A Set of GUIDs claimed before handling: a copy during the handling is acknowledged at once. */
  | 'claim-first'
  /** No dedupe at all: every delivery is handled. */
  | 'no-dedupe'
  /** Checks the Set, awaits the write, then adds the GUID: two overlapping copies are both handled. */
  | 'racy'
  /** Keyed on GSW_CALL_ATTEMPT_GUID instead of GSW_MESSAGE_GUID. */
  | 'wrong-key'
  /** Acknowledges every valid notification and handles none. */
  | 'loses';

export interface OnceReceiver {
  readonly url: string;
  /** How many times it handled `guid`. */
  readonly handled: (guid: string) => number;
  close(): Promise<void>;
}

/**
 * Starts one on a loopback port; each handling adds one to its GUID's count, and with `log`, a line
 * with the GUID to that file (what a `grep -c` reads).
 */
export async function startOnceReceiver(
  kind: OnceKind,
  delayMs = 50,
  log?: string,
): Promise<OnceReceiver> {
  const counts = new Map<string, number>();
  const claimed = new Map<string, 'in-progress' | 'done'>();
  const handle = async (guid: string) => {
    await delay(delayMs);
    counts.set(guid, (counts.get(guid) ?? 0) + 1);
    if (log !== undefined) appendFileSync(log, `${guid}\n`);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const answer = (status: number, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{}');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return answer(400);
      }
      if (!validateContactProcessed(body).valid) return answer(400);
      const guid = String(body.GSW_MESSAGE_GUID);
      const key = kind === 'wrong-key' ? String(body.GSW_CALL_ATTEMPT_GUID) : guid;
      if (kind === 'loses') return answer(200);
      if (kind === 'no-dedupe') {
        await handle(guid);
        return answer(200);
      }
      if (kind === 'racy') {
        if (claimed.has(key)) return answer(200);
        await handle(guid);
        claimed.set(key, 'done');
        return answer(200);
      }
      const state = claimed.get(key);
      if (state === 'in-progress' && kind === 'in-flight-503')
        return answer(503, { 'retry-after': '1' });
      if (state !== undefined) return answer(200);
      claimed.set(key, 'in-progress');
      await handle(guid);
      claimed.set(key, 'done');
      return answer(200);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notifications`,
    handled: (guid) => counts.get(guid) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
