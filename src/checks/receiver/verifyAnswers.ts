import type { PactVerifierProcess, PactVerifierRun } from '../../pact/runPactVerifier.js';
import { answerKey, type RecordedAnswer } from '../../pact/verifierProtocol.js';
import type { LoadedPact } from '../../pact/loadPacts.js';
import { providerStates } from '../../pact/loadPacts.js';
import type { CheckRun } from './receiverFindings.js';

/** How long Pact's Verifier may take over answers already recorded. */
const VERIFIER_LIMIT_MS = 60_000;

/** The receiver's answer to each contract request, keyed as the Verifier's requests will be. */
function recordedAnswers(runs: readonly CheckRun[]): RecordedAnswer[] {
  return runs.map((run) => {
    const e = run.exchanges.at(-1)!;
    const key = answerKey(e.request.method, e.request.body);
    if (e.status === undefined)
      return {
        key,
        headers: {},
        body: '',
        failure:
          e.failure?.kind === 'timeout'
            ? 'no answer within the response timeout'
            : (e.failure?.text ?? 'no answer'),
      };
    return { key, status: e.status, headers: { ...e.headers }, body: e.body ?? '' };
  });
}

/** Has Pact's Verifier judge the answers the receiver gave to the pacts' requests. */
export function runPactVerifierJob(
  verifier: PactVerifierProcess,
  provider: string,
  pacts: readonly LoadedPact[],
  contractRuns: readonly CheckRun[],
): Promise<PactVerifierRun> {
  return verifier.verify(
    {
      provider,
      pactFiles: pacts.map((p) => p.file),
      states: providerStates(pacts),
      answers: recordedAnswers(contractRuns),
    },
    VERIFIER_LIMIT_MS,
  );
}
