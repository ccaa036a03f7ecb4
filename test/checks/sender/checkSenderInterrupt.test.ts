/**
 * checkSender as a CI job stops it: aborted mid-run through `signal`, it resolves within a second with
 * a partial report (what was judged, every other scenario a SKIP), and leaves nothing running — no
 * --exec process, no listening port. `onProgress` gets the report as it stands after each scenario.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSender, type ScenarioTarget } from '../../../src/checks/sender/checkSender.js';
import { execSender } from '../../../src/cli/execSender.js';
import type { Report } from '../../../src/report/Report.js';
import { getScenario, scenarioCatalog } from '../../../src/scenarios/scenarioCatalog.js';
import { createSender } from '../../../src/sender/createSender.js';

/** The reference sender in-process; it stops when the check stops its run. */
async function reference(t: ScenarioTarget) {
  const sender = createSender({
    uri: t.url,
    retryMaxAttempts: t.retryMaxAttempts,
    responseTimeout: t.responseTimeout,
  });
  const stop = () => void sender.close();
  t.signal.addEventListener('abort', stop);
  try {
    return (await sender.send(t.message)).outcome;
  } finally {
    t.signal.removeEventListener('abort', stop);
    await sender.close();
  }
}

/** True when something accepts connections at the URL's port. */
function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** True when the process exists and is not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** The scenarios a report judged (not the leading run-complete finding, not the envelope). */
const judgedIds = (report: Report) =>
  report.findings
    .filter((f) => f.status !== 'skip' && f.id !== 'request-envelope' && f.id !== 'run-complete')
    .map((f) => f.id);

/** The failing finding that leads a report written before its run was over. */
const runComplete = (why: string) => ({
  id: 'run-complete',
  status: 'fail',
  summary: `incomplete: ${why}; the other findings cover only what was seen until then`,
});

describe('checkSender: signal and onProgress', () => {
  it('aborted after three scenarios: a partial report, the rest SKIP, the port closed', async () => {
    const controller = new AbortController();
    const snapshots: Report[] = [];
    let url = '';
    let abortedAt = 0;
    const report = await checkSender({
      responseTimeout: 1,
      retryMaxAttempts: 1,
      concurrency: 2,
      send: reference,
      signal: controller.signal,
      onListening: (t) => (url = t.url),
      onProgress: (snapshot) => {
        snapshots.push(snapshot);
        // The first snapshot comes at once, nothing judged yet; then one per scenario judged.
        if (snapshots.length === 4) {
          abortedAt = performance.now();
          controller.abort('SIGTERM');
        }
      },
    });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(report).toMatchObject({ complete: false, incomplete: 'interrupted: SIGTERM' });
    expect(report.findings[0]).toMatchObject(runComplete('interrupted: SIGTERM'));
    expect(report.findings.map((f) => f.id)).toEqual([
      'run-complete',
      ...scenarioCatalog.map((s) => s.id),
      'request-envelope',
    ]);
    const judged = judgedIds(report);
    expect(judgedIds(snapshots[0]!)).toEqual([]);
    expect(judged).toEqual(judgedIds(snapshots[3]!));
    expect(judged).toHaveLength(3);
    for (const finding of report.findings.filter((f) => judged.includes(f.id)))
      expect(finding.status, finding.summary).toBe('pass');
    const skipped = report.findings.filter((f) => f.status === 'skip');
    expect(skipped).toHaveLength(scenarioCatalog.length - 3);
    for (const finding of skipped) expect(finding.summary).toBe('not run: the run was interrupted');
    expect(snapshots.map((s) => judgedIds(s).length)).toEqual([0, 1, 2, 3]);
    for (const snapshot of snapshots) {
      expect(snapshot).toMatchObject({
        complete: false,
        incomplete: 'written while the run goes on',
      });
      expect(snapshot.findings.filter((f) => f.status === 'skip').map((f) => f.summary)).toContain(
        'not judged yet: the run goes on',
      );
    }
    expect(await listening(url)).toBe(false);
  });

  it('kills the process groups of --exec runs under way when aborted, within a second', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpn-interrupt-'));
    const command = `echo $$ >> ${dir}/pids; sleep 30 & echo $! >> ${dir}/pids; wait`;
    const controller = new AbortController();
    let url = '';
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort(new Error('the parent went away'));
    }, 700);
    const report = await checkSender({
      responseTimeout: 1,
      scenarios: [getScenario('ok-200'), getScenario('client-error-400')],
      send: (t) => execSender(command, t, { limitMs: t.limitMs, inherit: false }),
      signal: controller.signal,
      onListening: (t) => (url = t.url),
    });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(report).toMatchObject({
      complete: false,
      incomplete: 'interrupted: the parent went away',
    });
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([
      ['run-complete', 'fail'],
      ['ok-200', 'skip'],
      ['client-error-400', 'skip'],
      ['request-envelope', 'skip'],
    ]);
    const pids = (await readFile(join(dir, 'pids'), 'utf8')).trim().split('\n').map(Number);
    expect(pids).toHaveLength(4); // two shells, two sleeps
    expect(pids.filter(alive)).toEqual([]);
    expect(await listening(url)).toBe(false);
  });

  it('an onProgress that throws does not break the run: called no more, its error thrown at the end', async () => {
    let calls = 0;
    const outcomes: string[] = [];
    const checking = checkSender({
      responseTimeout: 1,
      scenarios: [getScenario('ok-200'), getScenario('client-error-400')],
      concurrency: 1,
      send: async (t) => {
        const outcome = await reference(t);
        outcomes.push(`${t.scenarioId} ${outcome}`);
        return outcome;
      },
      onProgress: () => {
        calls += 1;
        throw new Error('disk full');
      },
    });
    await expect(checking).rejects.toThrow('disk full');
    expect(calls).toBe(1);
    expect(outcomes).toEqual(['ok-200 delivered', 'client-error-400 failed']);
  });

  it('already aborted: nothing is served or run, every scenario is a SKIP', async () => {
    let called = false;
    const report = await checkSender({
      responseTimeout: 1,
      scenarios: [getScenario('ok-200')],
      send: () => {
        called = true;
        return Promise.resolve('delivered' as const);
      },
      signal: AbortSignal.abort('SIGINT'),
    });
    expect(called).toBe(false);
    expect(report).toMatchObject({ complete: false, incomplete: 'interrupted: SIGINT' });
    expect(report.findings.map((f) => [f.id, f.status, f.summary])).toEqual([
      ['run-complete', 'fail', runComplete('interrupted: SIGINT').summary],
      ['ok-200', 'skip', 'not run: the run was interrupted'],
      ['request-envelope', 'skip', expect.any(String)],
    ]);
  });

  it(
    'a sender that takes 13 s to send its first request (a busy machine) is not stopped: its ' +
      'limit counts from that request',
    async () => {
      const report = await checkSender({
        responseTimeout: 1,
        scenarios: [getScenario('ok-200')],
        send: async (t) => {
          await new Promise((resolve) => setTimeout(resolve, 13_000));
          return reference(t);
        },
      });
      expect(report.findings.map((f) => [f.id, f.status, f.summary])).toEqual([
        ['ok-200', 'pass', '1 attempt (answered 200), reported delivered as expected'],
        ['request-envelope', 'pass', expect.any(String)],
      ]);
    },
    30_000,
  );
});
