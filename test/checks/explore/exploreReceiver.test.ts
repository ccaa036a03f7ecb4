import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { exploreReceiver } from '../../../src/checks/explore/exploreReceiver.js';
import { exploreProperties } from '../../../src/checks/explore/exploreProperties.js';
import { exploreSettings } from '../../../src/checks/explore/exploreSettings.js';
import { checkReceiver } from '../../../src/checks/receiver/checkReceiver.js';
import { OptionError } from '../../../src/errors/OptionError.js';
import { createReceiver } from '../../../src/receiver/createReceiver.js';
import { startReceiver } from '../../../src/receiver/startReceiver.js';
import { reportPassed } from '../../../src/report/Report.js';
import { startDefective } from '../receiver/defectiveReceivers.js';
import { start as startDuplicate409 } from '../../corpus/receivers/expressDuplicate409.js';

const ids = exploreProperties.map((p) => p.id);

/** The reference receiver behind a server that counts its connections and the requests under way at once. */
async function countingReceiver(delayMs = 0) {
  const receiver = createReceiver();
  const sockets = new Set<unknown>();
  let underWay = 0;
  let most = 0;
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests += 1;
    sockets.add(request.socket);
    underWay += 1;
    most = Math.max(most, underWay);
    response.on('finish', () => (underWay -= 1));
    setTimeout(() => receiver.handler(request, response), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notifications`;
  return {
    url,
    connections: () => sockets.size,
    most: () => most,
    requests: () => requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What exploreReceiver needs besides its settings: the check's target, without connections. */
const targetFor = (url: string) => ({
  url,
  headers: {},
  timeoutSeconds: 5,
  timeoutMs: 5000,
  startedAt: performance.now(),
  ca: undefined,
  view: { timeoutSeconds: 5, hidden: new Set<string>() },
});

describe('check-receiver --explore', () => {
  it('passes the reference receiver: each valid notification acknowledged, each bad body refused', async () => {
    const running = await startReceiver({ port: 0, path: '/notifications' });
    try {
      const report = await checkReceiver({
        url: running.url,
        responseTimeout: 5,
        explore: { seed: 1, runs: 40 },
      });
      // Without a handled count the exactly-once checks are SKIPs by design; nothing else may be.
      expect(
        report.findings.filter(
          (f) => f.status !== 'pass' && !(f.status === 'skip' && f.id.startsWith('exactly-once-')),
        ),
      ).toEqual([]);
      expect(reportPassed(report)).toBe(true);
      // After the fixed checks' findings, one per property, in table order.
      expect(report.findings.slice(-ids.length).map((f) => f.id)).toEqual(ids);
      for (const finding of report.findings.slice(-ids.length))
        expect(finding.summary).toMatch(
          /^40 generated requests, each (acknowledged|refused) \(seed 1\)$/,
        );
      // 20 fixed requests (2 refused, 2 of them large), then 40 per property: 6 to acknowledge, 2 to refuse.
      const { accepted, duplicates, rejected } = running.receiver.stats;
      expect(rejected).toBe(2 + 2 * 40);
      expect(accepted + duplicates).toBe(18 + 6 * 40);
    } finally {
      await running.close();
    }
  });

  it('explores over one connection by default, and over at most --pool-size', async () => {
    for (const connections of [1, 3]) {
      const receiver = await countingReceiver(2);
      try {
        const settings = exploreSettings({ seed: 3, runs: 10, connectionPoolSize: connections });
        const findings = await exploreReceiver(settings, targetFor(receiver.url));
        expect(findings.map((f) => f.status)).toEqual(ids.map(() => 'pass'));
        expect(receiver.connections()).toBeLessThanOrEqual(connections);
        expect(receiver.most()).toBe(connections);
      } finally {
        await receiver.close();
      }
    }
  });

  it('names a body refused when sent again (a retry) as such', async () => {
    const receiver = await startDuplicate409();
    try {
      const findings = await exploreReceiver(exploreSettings({ seed: 1 }), targetFor(receiver.url));
      const failing = findings.filter((f) => f.status === 'fail');
      expect(failing.length).toBeGreaterThan(0);
      for (const finding of failing)
        expect(finding.summary).toMatch(
          /got HTTP 409 when sent again \(acknowledged earlier in the run: this was a retry of it\); expected a 2xx$/,
        );
    } finally {
      await receiver.close();
    }
  });

  it('stops at the time limit, and says after how many runs', async () => {
    const receiver = await countingReceiver(5);
    try {
      const settings = exploreSettings({ seed: 3, runs: 1_000_000, timeMs: 1600 });
      const started = performance.now();
      const findings = await exploreReceiver(settings, targetFor(receiver.url));
      expect(performance.now() - started).toBeLessThan(1600 + 1000);
      for (const finding of findings) {
        expect(finding.status).toBe('pass');
        expect(finding.summary).toMatch(/the time limit ended it after \d+ of 1000000 runs$/);
      }
    } finally {
      await receiver.close();
    }
  });

  it('explores nothing when no valid notification of the fixed checks was acknowledged', async () => {
    let requests = 0;
    const receiver = await startDefective(() => {
      requests += 1;
      return { status: 401 };
    });
    try {
      const report = await checkReceiver({ url: receiver.url, explore: { seed: 1 } });
      const explore = report.findings.filter((f) => f.id.startsWith('explore-'));
      expect(explore.map((f) => [f.id, f.status])).toEqual(ids.map((id) => [id, 'skip']));
      expect(explore[0]!.summary).toMatch(
        /^not explored: no valid notification of the fixed checks/,
      );
      expect(requests).toBe(20);
    } finally {
      await receiver.close();
    }
  });

  it('refuses bad options before sending anything, naming each', async () => {
    for (const [explore, option] of [
      [{ seed: -1 }, 'explore.seed'],
      [{ seed: 2 ** 31 }, 'explore.seed'],
      [{ runs: 0 }, 'explore.runs'],
      [{ timeMs: 0 }, 'explore.timeMs'],
      [{ connectionPoolSize: 0 }, 'explore.connectionPoolSize'],
    ] as const) {
      const checking = checkReceiver({ url: 'http://127.0.0.1:9/notifications', explore });
      await expect(checking).rejects.toBeInstanceOf(OptionError);
      await expect(checking).rejects.toThrow(
        new RegExp(`^${option.replace('.', '\\.')}: expected`),
      );
    }
  });
});

describe('check-receiver --explore, interrupted', () => {
  it('resolves soon after the signal with an incomplete report, and sends nothing more', async () => {
    const receiver = await countingReceiver(20);
    try {
      const controller = new AbortController();
      let abortedAt = 0;
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort(new Error('stopped by the test'));
      }, 4000);
      const report = await checkReceiver({
        url: receiver.url,
        explore: { seed: 1, runs: 1000 },
        signal: controller.signal,
      });
      expect(performance.now() - abortedAt).toBeLessThan(500);
      expect(report.complete).toBe(false);
      expect(report.incomplete).toMatch(/^interrupted: stopped by the test/);
      const sent = receiver.requests();
      expect(sent).toBeGreaterThan(18); // the exploration was under way
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.requests()).toBe(sent);
    } finally {
      await receiver.close();
    }
  });
});
