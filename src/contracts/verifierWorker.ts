/**
 * Runs Pact's Verifier in a child process (forked by {@link runPactVerifier}) so that its native
 * console output does not interleave with the kit's report; the parent gets the outcome over IPC.
 */
import { Verifier } from '@pact-foundation/pact';
import type { ContactProcessed } from '../message/ContactProcessed.generated.js';
import { createSender } from '../sender/createSender.js';
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

async function run(job: VerifierJob): Promise<VerifierOutcome> {
  const target = new URL(job.url);
  const observations: VerifierObservation[] = [];
  const preDelivered: Record<string, string> = {};
  const base = {
    provider: job.provider,
    providerBaseUrl: target.origin,
    logLevel: 'error' as const,
    timeout: job.timeoutMs,
    customProviderHeaders: Object.entries(job.headers).map(([name, value]) => `${name}: ${value}`),
    requestFilter: (req: { url?: string; path?: string; headers: Record<string, unknown> }, res: { on(e: 'finish', f: () => void): void; statusCode: number }, next: () => void) => {
      if ((req.url ?? '').startsWith('/_pact')) return next();
      const started = performance.now();
      const etag = typeof req.headers.etag === 'string' ? req.headers.etag : undefined;
      req.url = `${target.pathname}${target.search}`;
      res.on('finish', () => observations.push({ ...(etag !== undefined ? { etag } : {}), status: res.statusCode, durationMs: performance.now() - started }));
      next();
    },
    stateHandlers: {
      [job.duplicateState]: async (params?: unknown) => {
        const guid = (params as { GSW_MESSAGE_GUID?: unknown } | undefined)?.GSW_MESSAGE_GUID;
        const message = typeof guid === 'string' ? job.preDeliveries[guid] : undefined;
        if (message === undefined) {
          preDelivered[String(guid)] = 'no message known for this GUID';
          return undefined;
        }
        const sender = createSender({ uri: job.url, customHeaders: job.headers, responseTimeout: job.timeoutMs / 1000 });
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
  }
}

process.once('message', (job: VerifierJob) => {
  run(job)
    .catch((error: unknown): VerifierOutcome => ({ passed: false, mismatches: [], observations: [], preDelivered: {}, error: (error as Error)?.message ?? String(error) }))
    .then((outcome) => process.send?.(outcome, () => process.disconnect()));
});
