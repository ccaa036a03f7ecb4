import type { Finding } from '../../report/Report.js';
import type { LoadedPact } from '../loadPacts.js';
import { brokerJson, expandLink, link, type BrokerAccess } from './brokerClient.js';

/** What one published result says about one interaction or check, in the broker's `testResults` shape. */
interface TestResult {
  readonly interactionId?: string;
  readonly interactionDescription: string;
  readonly success: boolean;
  readonly mismatches?: readonly { readonly attribute: string; readonly description: string }[];
}

/** What the publication needs: the provider's version (and branch), and the findings with the pact they came from. */
export interface Publication {
  readonly provider: string;
  readonly providerVersion: string;
  readonly branch?: string;
  readonly kitVersion: string;
  /** Findings of each pact's interactions, by pact. */
  readonly pactFindings: ReadonlyMap<
    LoadedPact,
    readonly {
      readonly finding: Finding;
      readonly interactionId?: string;
      readonly description: string;
      readonly failed: boolean;
    }[]
  >;
  /** The check's other findings (probes, aggregates, common cause): part of every pact's verdict. */
  readonly otherFindings: readonly Finding[];
}

const mismatch = (finding: Finding) => [
  { attribute: 'cpn-kit', description: [finding.summary, ...(finding.details ?? [])].join('\n') },
];

/**
 * Publishes one verification result per pact: `success` only when every one of its interactions and
 * every other check of the run passed — the whole verdict, so `can-i-deploy` never lets a receiver
 * through that a check failed. The provider version is put on its branch first.
 */
export async function publishVerificationResults(
  access: BrokerAccess,
  pacts: readonly LoadedPact[],
  publication: Publication,
): Promise<string[]> {
  if (publication.branch !== undefined) {
    const index = await brokerJson(access, 'GET', access.url);
    const pacticipant = await brokerJson(
      access,
      'GET',
      expandLink(link(index, 'pb:pacticipant', 'index'), { pacticipant: publication.provider }),
    );
    const branchVersion = expandLink(
      link(pacticipant, 'pb:branch-version', `pacticipant ${publication.provider}`),
      { branch: publication.branch, version: publication.providerVersion },
    );
    await brokerJson(access, 'PUT', branchVersion, {});
  }
  const others: TestResult[] = publication.otherFindings.map((f) => ({
    interactionDescription: `cpn-kit check ${f.id}: ${f.title}`,
    success: f.status !== 'fail',
    ...(f.status === 'fail' ? { mismatches: mismatch(f) } : {}),
  }));
  const published: string[] = [];
  for (const pact of pacts) {
    if (pact.publishUrl === undefined) continue;
    const own: TestResult[] = (publication.pactFindings.get(pact) ?? []).map((r) => ({
      ...(r.interactionId !== undefined ? { interactionId: r.interactionId } : {}),
      interactionDescription: r.description,
      success: !r.failed,
      ...(r.failed ? { mismatches: mismatch(r.finding) } : {}),
    }));
    const testResults = [...own, ...others];
    const success = testResults.every((t) => t.success);
    await brokerJson(access, 'POST', pact.publishUrl, {
      success,
      providerApplicationVersion: publication.providerVersion,
      testResults,
      verifiedBy: { implementation: 'cpn-kit', version: publication.kitVersion },
    });
    published.push(`${pact.consumer}: success ${success}`);
  }
  return published;
}
