/**
 * checkSender whose own event loop stalls (a CPU-starved CI runner): its answers go out late, and
 * that lateness is the check's, not a defect of the sender. Blocked here on purpose, in-process.
 */
import { describe, expect, it } from 'vitest';
import { checkSender, type ScenarioTarget } from '../../../src/checks/sender/checkSender.js';
import { getScenario } from '../../../src/scenarios/scenarioCatalog.js';
import { createSender } from '../../../src/sender/createSender.js';

/** Busy-waits, blocking the event loop the check and the sender share. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

async function reference(t: ScenarioTarget) {
  const sender = createSender({
    uri: t.url,
    retryMaxAttempts: t.retryMaxAttempts,
    responseTimeout: t.responseTimeout,
  });
  try {
    return (await sender.send(t.message)).outcome;
  } finally {
    await sender.close();
  }
}

describe("checkSender: its own stalled event loop is not the sender's defect", () => {
  it('slow-within-timeout answered past the timeout because the loop stalled: the retry passes', async () => {
    const report = await checkSender({
      responseTimeout: 1,
      retryMaxAttempts: 1,
      scenarios: [getScenario('slow-within-timeout')],
      send: (t) => {
        const sent = reference(t);
        setTimeout(() => block(1100), 100); // the check's 0.4 s answer goes out only at ~1.2 s
        return sent;
      },
    });
    const finding = report.findings[0]!;
    expect([finding.id, finding.status], finding.summary).toEqual(['slow-within-timeout', 'pass']);
    expect(finding.summary).toBe(
      '2 attempts (answered 200 after 400 ms; answered 200 after 400 ms), reported delivered as expected',
    );
    expect(finding.details?.[0]).toMatch(
      /^attempt 1 was answered only \d+ ms after it arrived, past the response timeout, as this check's event loop lagged \d+ ms: judged as a timeout$/,
    );
  });
});
