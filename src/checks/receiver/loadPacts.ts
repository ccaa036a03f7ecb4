import { readFile } from 'node:fs/promises';
import type { LoadedPact, PactInteraction } from './contractChecks.js';

/** Reads a local pact file: its pacticipants and its HTTP interactions. Throws naming the file when it cannot. */
export async function loadPactFile(file: string, extra: Partial<Pick<LoadedPact, 'pending' | 'publishUrl'>> = {}): Promise<LoadedPact> {
  let pact: { consumer?: { name?: unknown }; provider?: { name?: unknown }; interactions?: PactInteraction[] };
  try {
    pact = JSON.parse(await readFile(file, 'utf8')) as typeof pact;
  } catch (error) {
    throw new Error(`pact file ${file}: cannot be read as JSON (${(error as Error).message})`);
  }
  const interactions = (pact.interactions ?? []).filter((i) => i.type === undefined || i.type === 'Synchronous/HTTP');
  return { file, consumer: String(pact.consumer?.name ?? 'consumer'), provider: String(pact.provider?.name ?? 'provider'), interactions, ...extra };
}

/** Every provider state the pacts name. */
export function providerStates(pacts: readonly LoadedPact[]): string[] {
  return [...new Set(pacts.flatMap((p) => p.interactions.flatMap((i) => (i.providerStates ?? []).map((s) => s.name))))];
}
