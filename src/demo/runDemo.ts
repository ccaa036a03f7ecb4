import { fixtureNames, fixtures } from '../message/fixtures.js';
import { checkReceiver } from '../checks/receiver/checkReceiver.js';
import { startReceiver } from '../receiver/startReceiver.js';
import { formatReport } from '../report/formatReport.js';
import { reportCounts, reportPassed, type Finding, type Report } from '../report/Report.js';
import { checkSender, type ScenarioTarget } from '../checks/sender/checkSender.js';
import { createSender } from '../sender/createSender.js';
import { sendBatch, type SendSummary } from '../sender/sendBatch.js';

/**
 * The demo's embedded defaults: small and fast, loopback only. The sender's settings are the ones
 * `check-sender` judges it against; the response timeout is short so the timeout scenarios play in
 * about a second.
 */
export const DEMO_DEFAULTS = Object.freeze({
  receiverPath: '/notifications',
  receiverResponseTimeout: 2,
  senderRetryMaxAttempts: 1,
  senderResponseTimeout: 1,
  batchCount: 200,
  batchPoolSize: 4,
});

/** What the demo proved, step by step, for printing and for tests. */
export interface DemoOutcome {
  readonly passed: boolean;
  readonly receiverUrl: string;
  readonly receiverReport: Report;
  readonly senderReport: Report;
  /** The batch's report (`send`), with the findings below. */
  readonly batchReport: Report;
  readonly batch: SendSummary;
  /** Distinct notifications the reference receiver handed to its application during the batch. */
  readonly batchAccepted: number;
  /** The demo's own checks of the batch, in the same finding shape as the reports. */
  readonly batchFindings: readonly Finding[];
}

/**
 * `cpn-kit demo`: starts the reference receiver on a free loopback port, verifies it with
 * `check-receiver`, judges the reference sender with `check-sender`, sends a batch with `send`,
 * and says what that proved. No configuration and no network beyond loopback.
 */
export async function runDemo(
  options: { color?: boolean; write?: (text: string) => void } = {},
): Promise<DemoOutcome> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const show = (report: Report) =>
    write(indent(formatReport(report, { color: options.color ?? false })));
  const batchGuids = { collecting: false, accepted: new Set<string>() };
  // How many times the receiver handed each GUID to its application: what the exactly-once checks count.
  const handled = new Map<string, number>();
  const receiver = await startReceiver({
    port: 0,
    path: DEMO_DEFAULTS.receiverPath,
    onNotification: ({ guid }) => {
      handled.set(guid, (handled.get(guid) ?? 0) + 1);
      if (batchGuids.collecting) batchGuids.accepted.add(guid);
    },
  });
  try {
    write(`cpn-kit demo: everything below runs on loopback with the kit's embedded defaults.\n\n`);
    write(`1. The reference receiver (a stand-in CRM) is listening on ${receiver.url}\n\n`);
    write(
      `2. check-receiver ${receiver.url}: Pact's Verifier replays the kit's contracts, then the ` +
        `checks Pact cannot express, and the exactly-once checks (the receiver's handlings counted).\n`,
    );
    const receiverReport = await checkReceiver({
      url: receiver.url,
      responseTimeout: DEMO_DEFAULTS.receiverResponseTimeout,
      connectionPoolSize: DEMO_DEFAULTS.batchPoolSize,
      handledCount: (guid) => handled.get(guid) ?? 0,
    });
    show(receiverReport);
    const senderReport = await demoCheckSender(write);
    show(senderReport);
    const { batch, batchReport } = await demoBatch(receiver.url, batchGuids, write);
    show(batchReport);
    const passed = [receiverReport, senderReport, batchReport].every(reportPassed);
    write(`\n${summary(receiverReport, senderReport, batch, passed)}`);
    const batchFindings = batchReport.findings;
    const batchAccepted = batchGuids.accepted.size;
    return {
      passed,
      receiverUrl: receiver.url,
      receiverReport,
      senderReport,
      batchReport,
      batch,
      batchAccepted,
      batchFindings,
    };
  } finally {
    await receiver.close();
  }
}

/** Step 3: the reference sender against every scenario. */
async function demoCheckSender(write: (text: string) => void): Promise<Report> {
  const { senderRetryMaxAttempts: retryMaxAttempts, senderResponseTimeout: responseTimeout } =
    DEMO_DEFAULTS;
  write(
    `\n3. check-sender: the reference sender (retry max attempts ${retryMaxAttempts}, ` +
      `response timeout ${responseTimeout} s) against every scenario a receiver can play.\n`,
  );
  return checkSender({ retryMaxAttempts, responseTimeout, send: sendWithReferenceSender });
}

/** Step 4: a batch through a pool, every GUID the receiver accepted collected and judged. */
async function demoBatch(
  url: string,
  guids: { collecting: boolean; readonly accepted: Set<string> },
  write: (text: string) => void,
): Promise<{ batch: SendSummary; batchReport: Report }> {
  const { batchCount, batchPoolSize } = DEMO_DEFAULTS;
  write(
    `\n4. send: ${batchCount} notifications (every fixture in turn, fresh GUIDs) through a ` +
      `pool of ${batchPoolSize} connections to the receiver.\n`,
  );
  guids.collecting = true;
  const batch = await sendBatch({
    uri: url,
    count: batchCount,
    connectionPoolSize: batchPoolSize,
    templates: fixtureNames.map((name) => fixtures[name].message),
  });
  guids.collecting = false;
  const batchReport: Report = {
    command: 'send',
    subject: url,
    startedAt: new Date().toISOString(),
    durationMs: batch.durationMs,
    findings: judgeBatch(batch, guids.accepted.size),
  };
  return { batch, batchReport };
}

/** The reference sender as check-sender's in-process `send`: one notification to one scenario, its outcome. */
async function sendWithReferenceSender(target: ScenarioTarget): Promise<'delivered' | 'failed'> {
  const sender = createSender({
    uri: target.url,
    retryMaxAttempts: target.retryMaxAttempts,
    retryAppliesTo: target.retryAppliesTo,
    responseTimeout: target.responseTimeout,
  });
  try {
    return (await sender.send(target.message)).outcome;
  } finally {
    await sender.close();
  }
}

/** The demo's own checks of the batch: every notification acknowledged, each handed to the application once. */
function judgeBatch(batch: SendSummary, accepted: number): Finding[] {
  const { batchCount } = DEMO_DEFAULTS;
  return [
    {
      id: 'batch-delivered',
      title: 'every notification of the batch was acknowledged',
      status: batch.delivered === batchCount && batch.failed === 0 ? 'pass' : 'fail',
      summary:
        `${batch.delivered} delivered, ${batch.failed} failed, ${batch.attempts} attempts, ` +
        `p50 ${batch.latencyMs.p50.toFixed(1)} ms, p99 ${batch.latencyMs.p99.toFixed(1)} ms, ` +
        `${Math.round(batch.ratePerSecond)}/s`,
    },
    {
      id: 'batch-accepted-once',
      title: 'the receiver handed each notification to its application exactly once',
      status: accepted === batchCount ? 'pass' : 'fail',
      summary: `${accepted} distinct notifications reached onNotification (expected ${batchCount})`,
    },
  ];
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '   ');
}

function summary(
  receiverReport: Report,
  senderReport: Report,
  batch: SendSummary,
  passed: boolean,
): string {
  const r = reportCounts(receiverReport);
  const scenariosPassed = senderReport.findings.filter(
    (f) => f.status === 'pass' && f.id !== 'request-envelope',
  ).length;
  const lines = passed
    ? [
        'What this proved:',
        `- the reference receiver honours the Pact contracts and ${r.pass} checks: every field, ` +
          `media type, user field and vendor value accepted, duplicates acknowledged once ` +
          `handled, no redirects, answers in time, bad bodies refused (never acknowledged and lost);`,
        `- the reference sender behaves like OCS in ${scenariosPassed} scenarios, and concludes ` +
          'what the receiver meant: the headers, retries that resend the same GUID, ETag and ' +
          'timestamp, a response timeout on every attempt, and redirects never followed;',
        `- ${batch.delivered} notifications went through a pooled, kept-alive connection set and were acknowledged.`,
        'Point the same checks at your own side: cpn-kit check-receiver URL, or cpn-kit ' +
          'check-sender --exec "your sender" (see docs/receiver.md and docs/sender.md).',
      ]
    : ['The demo found a problem: see the FAIL lines above.'];
  return `${lines.join('\n')}\n`;
}
