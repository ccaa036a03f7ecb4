import { readFile } from 'node:fs/promises';
import { canConnect } from './canConnect.js';
import { pemCertificates } from './pemCertificates.js';
import { tlsHandshake } from './receiverTls.js';
import type { Finding, Report } from '../report/Report.js';
import { DEFAULT_RESPONSE_TIMEOUT_SECONDS } from '../sender/senderDefaults.js';
import { DEFAULT_PROVIDER_NAME, DUPLICATE_STATE } from './contractNames.js';
import { contractPath, HTTP_PACT_FILE } from './contractsDir.js';
import { sendAsOcs, sendRaw, toleranceMessages, type ProbeAnswer, type ProbeTarget } from './receiverProbes.js';
import { runPactVerifier, type PactVerifierRun } from './runPactVerifier.js';

/** Options of {@link checkReceiver}. */
export interface CheckReceiverOptions {
  /** The receiver's URL, e.g. `http://127.0.0.1:8080/notifications`. */
  readonly url: string;
  /** Static headers sent with every request (a token: the only authentication OCS can do). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The Pact provider name; default {@link DEFAULT_PROVIDER_NAME}. */
  readonly provider?: string;
  /** Seconds the receiver has to answer (`http-response-timeout`); default 10. */
  readonly responseTimeout?: number;
  /** Pact files to verify; default the kit's `contracts/` HTTP pact. */
  readonly pactFiles?: readonly string[];
  /**
   * Extra trusted CA certificates (PEM) for an https:// receiver with a self-signed or private-CA
   * certificate, trusted besides Node's bundled CAs. TLS 1.2 minimum; verification is always on.
   */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Take pacts from, and optionally publish the verification result to, a Pact Broker. */
  readonly broker?: {
    readonly url: string;
    readonly publish?: boolean;
    readonly providerVersion?: string;
    readonly branch?: string;
    readonly token?: string;
    readonly username?: string;
    readonly password?: string;
  };
}

interface PactInteraction {
  readonly description: string;
  readonly providerStates?: readonly { name: string; params?: Record<string, unknown> }[];
  readonly request?: { headers?: Record<string, string | string[]>; body?: { content?: unknown } | unknown };
}

function interactionBody(interaction: PactInteraction): unknown {
  const body = interaction.request?.body as { content?: unknown } | undefined;
  return body !== null && typeof body === 'object' && 'content' in body ? body.content : body;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

const is2xx = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

function describeAnswer(answer: ProbeAnswer): string {
  return answer.status !== undefined ? `HTTP ${answer.status}` : (answer.failure ?? 'no answer');
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; durationMs: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, durationMs: performance.now() - started };
}

/** Findings from the Pact verification: one per interaction of a local pact, or one for a broker run. */
function pactFindings(run: PactVerifierRun, interactions: readonly PactInteraction[], durationMs: number): Finding[] {
  const tail = run.output.trim().split('\n').slice(-25);
  if (run.error !== undefined) {
    return [{ id: 'pact-verification', title: "Pact's Verifier against the contracts", status: 'fail', summary: `the verification could not run: ${run.error.split('\n')[0]}`, details: tail, durationMs }];
  }
  if (interactions.length === 0) {
    const title = "Pact's Verifier against the broker's pacts";
    // pact_verifier reports a broker it cannot read (refused credentials, no pacts) as "Failed to load pact".
    const loadFailure = run.mismatches.find((m) => m.interaction === 'Failed to load pact');
    if (loadFailure !== undefined) {
      const refused = /\b(401|403)\b/.test(loadFailure.message);
      const hint = refused ? ' (the broker refused the credentials: set PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD)' : '';
      return [{ id: 'pact-verification', title, status: 'fail', summary: `the pacts could not be fetched from the broker${hint}: ${loadFailure.message}`, details: tail, durationMs }];
    }
    return [{ id: 'pact-verification', title, status: run.passed ? 'pass' : 'fail', summary: run.passed ? 'every interaction verified' : `${run.mismatches.length} interaction(s) failed`, details: run.passed ? [] : run.mismatches.map((m) => `${m.interaction}: ${m.message}`), durationMs }];
  }
  const unmatched = run.mismatches.filter((m) => !interactions.some((i) => m.interaction.endsWith(` - ${i.description}`)));
  const extra: Finding[] = !run.passed && (unmatched.length > 0 || run.mismatches.length === 0)
    ? [{ id: 'pact-verification', title: "Pact's Verifier against the contracts", status: 'fail', summary: 'the verification failed', details: [...unmatched.map((m) => `${m.interaction}: ${m.message}`), ...tail], durationMs }]
    : [];
  return [...extra, ...interactions.map((interaction) => {
    const mismatches = run.mismatches.filter((m) => m.interaction.endsWith(` - ${interaction.description}`));
    const guid = (interactionBody(interaction) as { GSW_MESSAGE_GUID?: unknown } | undefined)?.GSW_MESSAGE_GUID;
    const seen = run.observations.filter((o) => typeof guid === 'string' && o.etag === guid).map((o) => (o.status !== undefined ? `HTTP ${o.status}` : `no answer: ${o.failure ?? 'unknown'}`));
    const state = interaction.providerStates?.[0]?.name;
    const pre = typeof guid === 'string' ? run.preDelivered[guid] : undefined;
    const answered = seen.length > 0 ? seen.join(', ') : 'no request reached the receiver';
    const details = [
      ...(state !== undefined ? [`provider state "${state}"${pre !== undefined ? `: pre-delivered, ${pre}` : ''}`] : []),
      ...mismatches.map((m) => m.message),
    ];
    return {
      id: `pact-${slug(interaction.description)}`,
      title: `contract: ${interaction.description}`,
      status: mismatches.length === 0 ? 'pass' : 'fail',
      summary: mismatches.length === 0 ? `acknowledged with 2xx (${answered})` : `expected any 2xx; got ${answered}`,
      ...(details.length > 0 ? { details } : {}),
    } satisfies Finding;
  })];
}

/**
 * Verifies a live receiver: Pact's Verifier replays the kit's contracts (the kit's state handler
 * pre-delivers the notification for the duplicate state), then the checks Pact cannot express — a
 * duplicate is acknowledged twice, no 3xx ever, answers within the response timeout, unknown user
 * fields, unknown GSW_ fields and vendor enum values are accepted, and a body it cannot parse or one
 * missing mandatory fields is NOT acknowledged (OCS would never resend it). Never throws for what
 * the receiver does; throws only for bad options.
 *
 * @example
 * const report = await checkReceiver({ url: 'http://127.0.0.1:8080/notifications', headers: { Authorization: 'Bearer t' } });
 * process.exitCode = await writeReport(report, {});
 */
export async function checkReceiver(options: CheckReceiverOptions): Promise<Report> {
  const startedAt = new Date();
  const started = performance.now();
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new Error(`url: expected an absolute http:// or https:// URL, found ${JSON.stringify(options.url)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`url: expected an http:// or https:// URL, found ${JSON.stringify(options.url)}`);
  const responseTimeout = options.responseTimeout ?? DEFAULT_RESPONSE_TIMEOUT_SECONDS;
  if (!(responseTimeout > 0) || !Number.isFinite(responseTimeout)) throw new Error(`responseTimeout: expected a positive number of seconds, found ${String(options.responseTimeout)}`);
  let ca: string[] | undefined;
  if (options.ca !== undefined) {
    if (url.protocol !== 'https:') throw new Error(`ca: only used with an https:// URL, found ${JSON.stringify(options.url)}`);
    const texts = (Array.isArray(options.ca) ? options.ca : [options.ca]) as (string | Buffer)[];
    ca = texts.flatMap((text) => pemCertificates(typeof text === 'string' ? text : text.toString('utf8'), 'ca'));
  }
  const headers = { ...options.headers };
  const target: ProbeTarget = { url: url.href, headers, responseTimeoutSeconds: responseTimeout, ...(ca !== undefined ? { ca } : {}) };
  const provider = options.provider ?? DEFAULT_PROVIDER_NAME;
  const pactFiles = options.pactFiles ?? (options.broker === undefined ? [contractPath(HTTP_PACT_FILE)] : []);

  const interactions: PactInteraction[] = [];
  const preDeliveries: Record<string, unknown> = {};
  // Pacts from a broker are not known before the run, but the broker holds the kit's own contract
  // (published by `npm run pact:publish`): it still gives the messages the duplicate state pre-delivers.
  const sources = pactFiles.length > 0 ? pactFiles.map((file) => ({ file, verified: true })) : [{ file: contractPath(HTTP_PACT_FILE), verified: false }];
  for (const { file, verified } of sources) {
    let pact: { interactions?: PactInteraction[] };
    try {
      pact = JSON.parse(await readFile(file, 'utf8')) as { interactions?: PactInteraction[] };
    } catch (error) {
      throw new Error(`pact file ${file}: cannot be read as JSON (${(error as Error).message})`);
    }
    for (const interaction of pact.interactions ?? []) {
      if ((interaction as { type?: string }).type !== undefined && (interaction as { type?: string }).type !== 'Synchronous/HTTP') continue;
      if (verified) interactions.push(interaction);
      const state = interaction.providerStates?.find((s) => s.name === DUPLICATE_STATE);
      const guid = state?.params?.GSW_MESSAGE_GUID;
      if (typeof guid === 'string') preDeliveries[guid] = interactionBody(interaction);
    }
  }

  const reachable = await canConnect(url, Math.ceil(responseTimeout * 1000));
  if (reachable !== true) {
    return {
      command: 'check-receiver',
      subject: url.href,
      startedAt: startedAt.toISOString(),
      durationMs: performance.now() - started,
      findings: [{ id: 'reachable', title: 'the receiver accepts connections', status: 'fail', summary: `cannot connect to ${url.host}: ${reachable}; no check was run` }],
    };
  }
  const tlsFindings: Finding[] = [];
  if (url.protocol === 'https:') {
    const handshake = await timed(() => tlsHandshake(url, Math.ceil(responseTimeout * 1000), ca));
    const title = "the receiver's certificate is trusted (TLS 1.2 or later, verified)";
    if (!handshake.value.ok) {
      const hint = ca === undefined ? '; for a self-signed or private-CA certificate, trust its CA with --ca FILE (ca in code)' : '';
      return {
        command: 'check-receiver',
        subject: url.href,
        startedAt: startedAt.toISOString(),
        durationMs: performance.now() - started,
        findings: [{ id: 'tls', title, status: 'fail', summary: `TLS handshake with ${url.host} failed: ${handshake.value.reason}${hint}; no check was run`, durationMs: handshake.durationMs }],
      };
    }
    tlsFindings.push({ id: 'tls', title, status: 'pass', summary: `${handshake.value.protocol}, certificate of ${handshake.value.subject} verified${ca !== undefined ? ` (trusting ${ca.length} extra CA certificate(s))` : ''}`, durationMs: handshake.durationMs });
  }

  const verification = await timed(() =>
    runPactVerifier(
      {
        url: url.href,
        provider,
        pactFiles,
        headers,
        timeoutMs: Math.ceil(responseTimeout * 1000) + 5000,
        answerTimeoutMs: Math.ceil(responseTimeout * 1000) + 1000,
        preDeliveries,
        duplicateState: DUPLICATE_STATE,
        ...(ca !== undefined ? { ca } : {}),
        ...(options.broker !== undefined ? { broker: { ...options.broker, publish: options.broker.publish ?? false } } : {}),
      },
      Math.max(60_000, interactions.length * (responseTimeout * 1000 + 5000) * 2),
    ),
  );
  const findings: Finding[] = [...tlsFindings, ...pactFindings(verification.value, interactions, verification.durationMs)];

  const answers: ProbeAnswer[] = [];
  const probe = async (id: string, title: string, fn: () => Promise<ProbeAnswer[]>, judge: (a: ProbeAnswer[]) => { ok: boolean; summary: string; details?: string[] }) => {
    const { value, durationMs } = await timed(fn);
    answers.push(...value);
    const verdict = judge(value);
    findings.push({ id, title, status: verdict.ok ? 'pass' : 'fail', summary: verdict.summary, details: verdict.details ?? value.map((a) => `${a.what}: ${describeAnswer(a)} in ${Math.round(a.durationMs)} ms`), durationMs });
  };

  await probe('duplicate-acknowledged', 'a retried notification (same GUID, same bytes) is acknowledged both times', async () => {
    const message = toleranceMessages.duplicate();
    return [await sendAsOcs(target, 'first delivery', message), await sendAsOcs(target, 'second delivery', message)];
  }, (a) => ({ ok: a.every((x) => is2xx(x.status)), summary: a.every((x) => is2xx(x.status)) ? 'both deliveries got 2xx' : `expected 2xx twice (OCS retries with the same GUID); got ${a.map(describeAnswer).join(' then ')}` }));

  for (const [id, title, make] of [
    ['accepts-unknown-user-fields', 'unknown user-defined fields are accepted', toleranceMessages.userFields],
    ['accepts-vendor-enum-values', 'enumeration values past the known tables are accepted', toleranceMessages.vendorEnum],
    ['accepts-unknown-gsw-fields', 'a GSW_ field from a newer OCS release is accepted', toleranceMessages.newerRelease],
  ] as const) {
    await probe(id, title, async () => [await sendAsOcs(target, title.split(' are ')[0]?.split(' is ')[0] ?? title, make())], (a) => ({
      ok: is2xx(a[0]?.status),
      summary: is2xx(a[0]?.status) ? `acknowledged (${describeAnswer(a[0] as ProbeAnswer)})` : `expected 2xx (the message is valid); got ${describeAnswer(a[0] as ProbeAnswer)}`,
    }));
  }

  for (const [id, title, send] of [
    ['rejects-unparseable-body', 'a body that is not JSON is not acknowledged', () => sendRaw(target, 'a body that is not JSON', toleranceMessages.garbage())],
    ['rejects-missing-mandatory', 'a message missing mandatory fields is not acknowledged', () => {
      const { guid, body } = toleranceMessages.missingMandatory();
      return sendRaw(target, 'a message with 20 mandatory fields missing', body, guid);
    }],
  ] as const) {
    await probe(id, title, async () => [await send()], (a) => {
      const answer = a[0] as ProbeAnswer;
      const ok = !is2xx(answer.status) && answer.status !== undefined && !(answer.status >= 300 && answer.status < 400);
      return { ok, summary: ok ? `refused (${describeAnswer(answer)})` : is2xx(answer.status) ? `expected a 4xx; got ${describeAnswer(answer)}: OCS never resends an acknowledged notification, so this data would be lost silently` : `expected a 4xx; got ${describeAnswer(answer)}` };
    });
  }

  const all: ProbeAnswer[] = [...answers, ...verification.value.observations.map((o): ProbeAnswer => ({ what: `contract request (ETag ${o.etag ?? 'none'})`, ...(o.status !== undefined ? { status: o.status } : {}), ...(o.failure !== undefined ? { failure: o.failure } : {}), durationMs: o.durationMs }))];
  const answered = all.filter((a) => a.status !== undefined);
  const redirects = all.filter((a) => a.status !== undefined && a.status >= 300 && a.status < 400);
  findings.push({
    id: 'no-redirect',
    title: 'never answers 3xx (OCS does not follow redirects)',
    status: redirects.length === 0 ? 'pass' : 'fail',
    summary: redirects.length === 0 ? `no redirect in ${answered.length} answers` : `${redirects.length} of ${answered.length} answers were redirects; OCS treats them as failures and does not follow them`,
    ...(redirects.length > 0 ? { details: redirects.map((a) => `${a.what}: HTTP ${a.status}`) } : {}),
  });
  const limitMs = responseTimeout * 1000;
  const slow = all.filter((a) => a.durationMs > limitMs || (a.status === undefined && /within|timeout|timed out/i.test(a.failure ?? '')));
  const slowest = all.reduce((max, a) => Math.max(max, a.durationMs), 0);
  findings.push({
    id: 'response-time',
    title: `answers within the response timeout (${responseTimeout} s)`,
    status: all.length > 0 && slow.length === 0 ? 'pass' : 'fail',
    summary: all.length === 0 ? 'no answer was measured' : slow.length === 0 ? `slowest answer ${Math.round(slowest)} ms` : `${slow.length} of ${all.length} answers took longer than ${responseTimeout} s (OCS gives up and counts it as a failure)`,
    ...(slow.length > 0 ? { details: slow.map((a) => `${a.what}: ${describeAnswer(a)} after ${Math.round(a.durationMs)} ms`) } : {}),
  });

  return { command: 'check-receiver', subject: url.href, startedAt: startedAt.toISOString(), durationMs: performance.now() - started, findings };
}
