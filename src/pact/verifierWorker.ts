/**
 * Runs Pact's Verifier (the Rust verifier of @pact-foundation/pact-core, which
 * @pact-foundation/pact's Verifier wraps) in a child process forked by {@link startPactVerifier}, so
 * that its console output does not interleave with the kit's report; the parent gets the outcome over
 * IPC. The Verifier never reaches the receiver: the check already sent every contract request (each
 * once, aborted at the response timeout). Here a loopback replay server answers each of the
 * Verifier's requests with what the receiver answered — a redirect without its Location, so that it
 * is judged as the 3xx it is and never followed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import {
  answerKey,
  type RecordedAnswer,
  type VerifierJob,
  type VerifierMismatch,
  type VerifierOutcome,
} from './verifierProtocol.js';

/** The path the Verifier posts provider-state changes to; every state was set up by the check itself. */
const STATE_PATH = '/__cpn-kit-provider-state';

interface PactCore {
  logLevel(level: string): void;
  verifyPacts(options: Record<string, unknown>): Promise<unknown>;
}

/** pact-core as @pact-foundation/pact (the peer the user installs) resolves it. */
function loadPactCore(): PactCore {
  const fromPact = createRequire(
    createRequire(import.meta.url).resolve('@pact-foundation/pact/package.json'),
  );
  const core = fromPact('@pact-foundation/pact-core') as { default?: PactCore } & PactCore;
  return core.default ?? core;
}

function parseMismatches(error: unknown): { mismatches: VerifierMismatch[]; error?: string } {
  const text = (error as Error)?.message ?? String(error);
  try {
    const parsed = JSON.parse(text) as {
      errors?: {
        interaction?: string;
        mismatch?: { message?: string; mismatches?: { mismatch?: string }[] };
      }[];
    };
    if (Array.isArray(parsed.errors)) {
      return {
        mismatches: parsed.errors.map((e) => ({
          interaction: e.interaction ?? '(unknown interaction)',
          message:
            e.mismatch?.message ??
            e.mismatch?.mismatches?.map((m) => m.mismatch).join('; ') ??
            JSON.stringify(e.mismatch),
        })),
      };
    }
  } catch {
    // not the verifier's JSON: a failure to run
  }
  return { mismatches: [], error: text };
}

const NOT_REPLAYED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'location',
]);

function replay(answer: RecordedAnswer | undefined, res: ServerResponse): void {
  if (answer === undefined) {
    res
      .writeHead(500, { 'content-type': 'text/plain', 'x-cpn-kit': 'no recorded answer' })
      .end('cpn-kit: the check sent no such request, so no answer was recorded');
    return;
  }
  if (answer.status === undefined) {
    res
      .writeHead(504, { 'content-type': 'text/plain', 'x-cpn-kit': 'no answer' })
      .end(`cpn-kit: the receiver gave no HTTP answer: ${answer.failure ?? 'unknown'}`);
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers))
    if (!NOT_REPLAYED.has(name)) headers[name] = value;
  res.writeHead(answer.status, headers).end(answer.body);
}

/** A loopback server that answers each request with the receiver's recorded answer to the same request. */
async function startReplay(
  job: VerifierJob,
  unanswered: string[],
): Promise<{ origin: string; close(): void }> {
  const answers = new Map<string, RecordedAnswer>();
  for (const answer of job.answers) if (!answers.has(answer.key)) answers.set(answer.key, answer);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if ((req.url ?? '').startsWith(STATE_PATH))
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      const answer = answers.get(answerKey(req.method ?? 'POST', Buffer.concat(chunks)));
      if (answer === undefined) unanswered.push(`${req.method} ${req.url}`);
      replay(answer, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

async function run(job: VerifierJob, core: PactCore): Promise<VerifierOutcome> {
  const unanswered: string[] = [];
  const replayServer = await startReplay(job, unanswered);
  try {
    await core.verifyPacts({
      provider: job.provider,
      providerBaseUrl: replayServer.origin,
      providerStatesSetupUrl: `${replayServer.origin}${STATE_PATH}`,
      pactUrls: [...job.pactFiles],
      logLevel: 'error',
    });
    return { passed: true, mismatches: [], unanswered };
  } catch (error) {
    return { passed: false, ...parseMismatches(error), unanswered };
  } finally {
    replayServer.close();
  }
}

// Load Pact while the parent sends its requests; then wait for the job.
let core: PactCore | undefined;
let loadError: string | undefined;
try {
  core = loadPactCore();
  core.logLevel('error');
} catch (error) {
  loadError = /Cannot find (package|module)/.test((error as Error).message)
    ? "Pact's Verifier is not installed: npm install --save-dev @pact-foundation/pact"
    : (error as Error).message;
}
process.once('message', (job: VerifierJob) => {
  const outcome: Promise<VerifierOutcome> =
    core === undefined
      ? Promise.resolve({
          passed: false,
          mismatches: [],
          unanswered: [],
          error: loadError ?? 'Pact could not be loaded',
        })
      : run(job, core);
  void outcome
    .catch((error: unknown): VerifierOutcome => ({
      passed: false,
      mismatches: [],
      unanswered: [],
      error: (error as Error)?.message ?? String(error),
    }))
    .then((result) => process.send?.(result, () => process.disconnect()));
});
process.send?.({ ready: true });
