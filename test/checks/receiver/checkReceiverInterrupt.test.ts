/**
 * check-receiver as CI runs it: its own stalled event loop never counts as the receiver's answer
 * time, and an interrupted run resolves at once with what was judged (every other check a SKIP) and
 * nothing left open; `onProgress` gets the report as it stands after each check.
 */
import { execFileSync } from 'node:child_process';
import { createServer, Agent } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkReceiver } from '../../../src/checks/receiver/checkReceiver.js';
import { asOcs } from '../../../src/checks/receiver/probeChecks.js';
import { sendExchange } from '../../../src/checks/receiver/sendExchange.js';
import { LagMeter } from '../../../src/checks/LagMeter.js';
import type { Report } from '../../../src/report/Report.js';
import { startReceiver } from '../../../src/receiver/startReceiver.js';

/** Busy-waits, blocking this process's event loop (as a CPU-starved check would be). */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/** The live child processes of this process (zombies excluded). */
function children(): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,stat=,comm=', '--ppid', String(process.pid)], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '' && !/\sZ/.test(line) && !/\sps$/.test(line))
      .map((line) => Number(line.trim().split(/\s+/)[0]));
  } catch {
    return []; // ps exits 1 when there is none
  }
}

describe("sendExchange: the check's own lag is not the receiver's answer time", () => {
  it('an answer at 0.7 s of a 1 s timeout, read late because the loop stalled, is an answer', async () => {
    const server = createServer((_req, res) => {
      setTimeout(() => res.end('ok'), 700);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const lag = new LagMeter();
    const agent = new Agent({ keepAlive: true });
    try {
      const target = {
        url,
        headers: {},
        timeoutSeconds: 1,
        timeoutMs: 1000,
        poolSize: 1,
        agent,
        startedAt: 0,
        lag,
      };
      const exchange = sendExchange(target, 'one', asOcs({}, '{}', 'e'));
      setTimeout(() => block(800), 600); // from 0.6 s to 1.4 s: past the answer and the timeout
      const seen = await exchange;
      expect(seen.failure).toBeUndefined();
      expect(seen.status).toBe(200);
      expect(seen.lagMs).toBeGreaterThanOrEqual(700);
    } finally {
      lag.stop();
      agent.destroy();
      server.close();
    }
  });

  it('a receiver that never answers still times out, the stall added on', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const lag = new LagMeter();
    const agent = new Agent({ keepAlive: true });
    try {
      const target = {
        url,
        headers: {},
        timeoutSeconds: 0.5,
        timeoutMs: 500,
        poolSize: 1,
        agent,
        startedAt: 0,
        lag,
      };
      const started = performance.now();
      const exchange = sendExchange(target, 'one', asOcs({}, '{}', 'e'));
      setTimeout(() => block(300), 100);
      const seen = await exchange;
      expect(seen.failure).toEqual({ kind: 'timeout' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(750);
      expect(performance.now() - started).toBeLessThan(1500);
    } finally {
      lag.stop();
      agent.destroy();
      server.closeAllConnections();
      server.close();
    }
  });
});

/** How many checks Pact cannot express a report has judged (not the pacts', not the aggregates). */
const ownChecks = (report: Report) =>
  report.findings.filter(
    (f) =>
      f.status !== 'skip' &&
      !f.id.startsWith('pact-') &&
      f.id !== 'run-complete' &&
      f.id !== 'no-redirect' &&
      f.id !== 'response-time',
  ).length;

describe('checkReceiver: signal and onProgress', () => {
  it('aborted while its first request waits on a receiver that never answers: resolves at once', async () => {
    // One connection (the default pool): the requests queued behind the first are never sent.
    const sockets = new Set<Socket>();
    const hung = createServer((request) => request.resume());
    hung.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/crm`;
    const controller = new AbortController();
    try {
      const checking = checkReceiver({ url, responseTimeout: 5, signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const abortedAt = performance.now();
      controller.abort('SIGINT');
      const report = await checking;
      expect(performance.now() - abortedAt).toBeLessThan(1000);
      expect(report).toMatchObject({ complete: false, incomplete: 'interrupted: SIGINT' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => hung.close(resolve));
    }
  }, 20_000);

  it('aborted once two of its own checks are judged: a partial report, the rest SKIP, no process left', async () => {
    const running = await startReceiver({ port: 0, path: '/crm/notifications' });
    const controller = new AbortController();
    const snapshots: Report[] = [];
    let abortedAt = 0;
    try {
      const report = await checkReceiver({
        url: running.url,
        responseTimeout: 5,
        signal: controller.signal,
        onProgress: (snapshot) => {
          snapshots.push(snapshot);
          if (ownChecks(snapshot) >= 2 && abortedAt === 0) {
            abortedAt = performance.now();
            controller.abort('SIGTERM');
          }
        },
      });
      expect(abortedAt).toBeGreaterThan(0);
      expect(performance.now() - abortedAt).toBeLessThan(1000);
      expect(report).toMatchObject({ complete: false, incomplete: 'interrupted: SIGTERM' });
      // The contract's checks wait for Pact's Verifier, which never ran: SKIP, answered or not.
      const contract = report.findings.filter((f) => f.id.startsWith('pact-'));
      expect(contract).toHaveLength(10);
      for (const finding of contract)
        expect([finding.status, finding.summary]).toEqual([
          'skip',
          'not run: the run was interrupted',
        ]);
      expect(contract.filter((f) => f.details !== undefined).length).toBeGreaterThan(0);
      expect(ownChecks(report)).toBe(ownChecks(snapshots.at(-1)!));
      expect(report.findings[0]).toMatchObject({
        id: 'run-complete',
        status: 'fail',
        summary:
          'incomplete: interrupted: SIGTERM; the other findings cover only what was seen until then',
      });
      const judged = report.findings.filter((f) => f.status !== 'skip' && f.id !== 'run-complete');
      expect(judged.length).toBeGreaterThanOrEqual(2);
      for (const finding of judged) expect(finding.status, finding.summary).toBe('pass');
      for (const snapshot of snapshots)
        expect(snapshot).toMatchObject({
          complete: false,
          incomplete: 'written while the run goes on',
        });
      const counts = snapshots.map(ownChecks);
      expect(counts).toEqual([...counts].sort((x, y) => x - y)); // growing
      // Pact's Verifier process is killed: give the kernel a moment to reap it.
      for (let i = 0; i < 20 && children().length > 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 25));
      expect(children()).toEqual([]);
    } finally {
      await running.close();
    }
  }, 30_000);
});
