/**
 * Runs Pact's Verifier in a child process (forked by {@link runPactVerifier}) so that its native
 * console output does not interleave with the kit's report; the parent gets the outcome over IPC.
 */
import { Verifier } from '@pact-foundation/pact';
import { Agent, request, type Dispatcher } from 'undici';
import type { ContactProcessed } from '../message/ContactProcessed.generated.js';
import { createSender } from '../sender/createSender.js';
import { receiverTlsOptions } from './receiverTls.js';
import type { VerifierJob, VerifierMismatch, VerifierObservation, VerifierOutcome } from './verifierProtocol.js';

function parseMismatches(error: unknown): { mismatches: VerifierMismatch[]; error?: string } {
  const text = (error as Error)?.message ?? String(error);
  try {
    const parsed = JSON.parse(text) as { errors?: { interaction?: string; mismatch?: { message?: string; mismatches?: { mismatch?: string }[] } }[] };
    if (Array.isArray(parsed.errors)) {
      return {
        mismatches: parsed.errors.map((e) => ({
          interaction: e.interaction ?? '(unknown interaction)',
          message: e.mismatch?.message ?? e.mismatch?.mismatches?.map((m) => m.mismatch).join('; ') ?? JSON.stringify(e.mismatch),
        })),
      };
    }
  } catch {
    // not the verifier's JSON: a failure to run
  }
  return { mismatches: [], error: text };
}

/** The parts of Express's request the forwarder reads. */
interface ForwardedRequest {
  url?: string;
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** The parts of Express's response the forwarder writes. */
interface ForwardedResponse {
  writeHead(status: number, headers?: Record<string, string | string[]>): unknown;
  end(body?: Buffer | string): unknown;
}

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length', 'proxy-connection', 'upgrade', 'te', 'trailer']);

function requestBody(body: unknown): Buffer | undefined {
  if (Buffer.isBuffer(body)) return body.byteLength > 0 ? body : undefined;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'object' && Object.keys(body).length === 0) return undefined;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

async function forward(req: ForwardedRequest, res: ForwardedResponse, target: URL, timeoutMs: number, observations: VerifierObservation[], dispatcher: Dispatcher | undefined): Promise<void> {
  const started = performance.now();
  const etag = typeof req.headers.etag === 'string' ? req.headers.etag : undefined;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
  const body = requestBody(req.body);
  try {
    const response = await request(target.href, { ...(dispatcher !== undefined ? { dispatcher } : {}), method: (req.method ?? 'POST') as 'POST', headers, ...(body !== undefined ? { body } : {}), headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const answer = Buffer.from(await response.body.arrayBuffer());
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined && !hopByHop.has(name)) out[name] = value;
    observations.push({ ...(etag !== undefined ? { etag } : {}), status: response.statusCode, durationMs: performance.now() - started });
    res.writeHead(response.statusCode, out);
    res.end(answer);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const timedOut = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
    const reason = timedOut ? `no answer within ${timeoutMs} ms` : `${(error as Error).message}${code !== undefined ? ` (${code})` : ''}`;
    observations.push({ ...(etag !== undefined ? { etag } : {}), failure: reason, durationMs: performance.now() - started });
    res.writeHead(timedOut ? 504 : 502, { 'content-type': 'text/plain' });
    res.end(`cpn-kit: the receiver gave no HTTP answer: ${reason}`);
  }
}

async function run(job: VerifierJob): Promise<VerifierOutcome> {
  const target = new URL(job.url);
  const observations: VerifierObservation[] = [];
  const preDelivered: Record<string, string> = {};
  const tls = receiverTlsOptions(job.ca);
  const dispatcher = target.protocol === 'https:' ? new Agent({ connect: tls }) : undefined;
  const base = {
    provider: job.provider,
    providerBaseUrl: target.origin,
    logLevel: 'error' as const,
    timeout: job.timeoutMs,
    customProviderHeaders: Object.entries(job.headers).map(([name, value]) => `${name}: ${value}`),
    // The kit forwards each contract request itself instead of letting the Verifier's proxy do it:
    // the proxy has no error handler, so one refused or reset connection would stall every later
    // interaction until its timeout. Here a transport failure becomes a clear 502/504 for Pact.
    requestFilter: (req: ForwardedRequest, res: ForwardedResponse, next: () => void) => {
      if ((req.url ?? '').startsWith('/_pact')) return next();
      void forward(req, res, target, job.answerTimeoutMs, observations, dispatcher);
    },
    stateHandlers: {
      [job.duplicateState]: async (params?: unknown) => {
        const guid = (params as { GSW_MESSAGE_GUID?: unknown } | undefined)?.GSW_MESSAGE_GUID;
        const message = typeof guid === 'string' ? job.preDeliveries[guid] : undefined;
        if (message === undefined) {
          preDelivered[String(guid)] = 'no message known for this GUID';
          return undefined;
        }
        const sender = createSender({ uri: job.url, customHeaders: job.headers, responseTimeout: job.answerTimeoutMs / 1000, ...(tls.ca !== undefined ? { ca: tls.ca } : {}) });
        try {
          const result = await sender.send(message as ContactProcessed);
          preDelivered[String(guid)] = result.outcome === 'delivered' ? `HTTP ${result.lastStatus}` : (result.reason ?? 'failed');
        } finally {
          await sender.close();
        }
        return undefined;
      },
    },
  };
  const source = job.broker === undefined
    ? { pactUrls: [...job.pactFiles] }
    : {
        pactBrokerUrl: job.broker.url,
        ...(job.broker.token !== undefined ? { pactBrokerToken: job.broker.token } : {}),
        ...(job.broker.username !== undefined ? { pactBrokerUsername: job.broker.username } : {}),
        ...(job.broker.password !== undefined ? { pactBrokerPassword: job.broker.password } : {}),
        ...(job.pactFiles.length > 0 ? { pactUrls: [...job.pactFiles] } : { consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }] }),
        publishVerificationResult: job.broker.publish,
        ...(job.broker.providerVersion !== undefined ? { providerVersion: job.broker.providerVersion } : {}),
        ...(job.broker.branch !== undefined ? { providerVersionBranch: job.broker.branch } : {}),
      };
  try {
    await new Verifier({ ...base, ...source } as ConstructorParameters<typeof Verifier>[0]).verifyProvider();
    return { passed: true, mismatches: [], observations, preDelivered };
  } catch (error) {
    return { passed: false, ...parseMismatches(error), observations, preDelivered };
  } finally {
    await dispatcher?.close();
  }
}

process.once('message', (job: VerifierJob) => {
  run(job)
    .catch((error: unknown): VerifierOutcome => ({ passed: false, mismatches: [], observations: [], preDelivered: {}, error: (error as Error)?.message ?? String(error) }))
    .then((outcome) => process.send?.(outcome, () => process.disconnect()));
});
