import { readFile } from 'node:fs/promises';
import { contractPath, HTTP_PACT_FILE, MESSAGE_PACT_FILE } from './contractsDir.js';
import { badOption } from '../errors/OptionError.js';

/** The pacticipant names and the path a team's contract is written for. */
export interface ContractNames {
  /** The sending side in the HTTP pact (OCS as your team configures it, or your relay). */
  readonly consumer: string;
  /** The receiving side in the HTTP pact (your CRM endpoint). */
  readonly provider: string;
  /** The receiver's real request path, e.g. `/ocs/contact-processed`; default: any path, as in the kit's contract. */
  readonly path?: string;
}

/** A pact file as JSON: its pacticipants and interactions, the rest carried as it is. */
interface PactJson {
  consumer: { name: string };
  provider: { name: string };
  interactions: { request?: { path?: string; matchingRules?: Record<string, unknown> } }[];
  [key: string]: unknown;
}

const PACTICIPANT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Checks the names and path; an Error names the option and what was expected. */
export function checkContractNames(names: ContractNames): void {
  for (const [option, value] of [
    ['consumer', names.consumer],
    ['provider', names.provider],
  ] as const) {
    if (!PACTICIPANT.test(value))
      badOption(option, "a pacticipant name of letters, digits, '.', '_' and '-'", value);
  }
  if (names.consumer === names.provider)
    badOption('provider', "a name other than the consumer's", names.provider);
  if (names.path !== undefined && !/^\/[^\s?#]*$/.test(names.path))
    badOption('path', 'an absolute request path such as /ocs/contact-processed', names.path);
}

async function committed(file: string): Promise<PactJson> {
  return JSON.parse(await readFile(contractPath(file), 'utf8')) as PactJson;
}

/**
 * The kit's HTTP pact under your names: the same interactions and schema-derived matchers, the
 * consumer and provider yours, and with `path` every request at your real path (matched exactly).
 */
export async function httpPactFor(names: ContractNames): Promise<PactJson> {
  checkContractNames(names);
  const pact = await committed(HTTP_PACT_FILE);
  pact.consumer = { name: names.consumer };
  pact.provider = { name: names.provider };
  if (names.path !== undefined) {
    for (const interaction of pact.interactions) {
      if (interaction.request === undefined) continue;
      interaction.request.path = names.path;
      if (interaction.request.matchingRules !== undefined)
        delete interaction.request.matchingRules.path;
    }
  }
  return pact;
}

/**
 * The kit's message pact under your names. Its roles are the HTTP pact's reversed: your receiver's
 * worker (`provider` of the HTTP pact) consumes the message OCS (`consumer` of the HTTP pact) produces.
 */
export async function messagePactFor(names: ContractNames): Promise<PactJson> {
  checkContractNames(names);
  const pact = await committed(MESSAGE_PACT_FILE);
  pact.consumer = { name: names.provider };
  pact.provider = { name: names.consumer };
  return pact;
}

/** The file name Pact gives a pact: `<consumer>-<provider>.json`. */
export const pactFileName = (pact: { consumer: { name: string }; provider: { name: string } }) =>
  `${pact.consumer.name}-${pact.provider.name}.json`;
