import { readFile } from 'node:fs/promises';
import { badOption, described } from '../errors/OptionError.js';
import { asText } from '../util/asText.js';

/** An HTTP interaction of a pact file (V3 or V4), as far as the check reads it. */
export interface PactInteraction {
  readonly description: string;
  readonly type?: string;
  /** The id a Pact Broker gives each interaction (reported back in verification results). */
  readonly _id?: string;
  readonly providerStates?: readonly {
    readonly name: string;
    readonly params?: Readonly<Record<string, unknown>>;
  }[];
  readonly request?: {
    readonly method?: string;
    readonly headers?: Readonly<Record<string, string | readonly string[]>>;
    readonly body?: unknown;
  };
}

/** A pact to verify: where it is, whose it is, and its HTTP interactions. */
export interface LoadedPact {
  /** A local file Pact's Verifier reads. */
  readonly file: string;
  readonly consumer: string;
  readonly provider: string;
  readonly interactions: readonly PactInteraction[];
  /** A pending pact (from a broker): its failures are reported but do not fail the check. */
  readonly pending?: boolean;
  /** The broker's link for this pact's verification results. */
  readonly publishUrl?: string;
}

/** Reads a local pact file: its pacticipants and its HTTP interactions. Throws naming the file when it cannot. */
export async function loadPactFile(
  file: string,
  extra: Partial<Pick<LoadedPact, 'pending' | 'publishUrl'>> = {},
): Promise<LoadedPact> {
  let pact: {
    consumer?: { name?: unknown };
    provider?: { name?: unknown };
    interactions?: PactInteraction[];
  };
  try {
    pact = JSON.parse(await readFile(file, 'utf8')) as typeof pact;
  } catch (error) {
    badOption(
      'pactFiles',
      'pact files that can be read as JSON',
      described(`${file} (${(error as Error).message})`),
    );
  }
  const interactions = (pact.interactions ?? []).filter(
    (i) => i.type === undefined || i.type === 'Synchronous/HTTP',
  );
  return {
    file,
    consumer: asText(pact.consumer?.name ?? 'consumer'),
    provider: asText(pact.provider?.name ?? 'provider'),
    interactions,
    ...extra,
  };
}

/** Every provider state the pacts name. */
export function providerStates(pacts: readonly LoadedPact[]): string[] {
  return [
    ...new Set(
      pacts.flatMap((p) =>
        p.interactions.flatMap((i) => (i.providerStates ?? []).map((s) => s.name)),
      ),
    ),
  ];
}
