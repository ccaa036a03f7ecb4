import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors/UsageError.js';

interface PactFlags {
  readonly consumer: string;
  readonly provider: string;
  readonly path?: string;
  readonly out: string;
  readonly message?: boolean;
  readonly brokerUrl?: string;
  readonly consumerVersion?: string;
  readonly branch?: string;
}

/**
 * `cpn-kit pact`: writes the kit's contract under your pacticipant names and path, and publishes it
 * with --broker-url.
 */
async function runPact(flags: PactFlags): Promise<number> {
  const { httpPactFor, messagePactFor, pactFileName } = await import('../pact/contractsFor.js');
  const names = {
    consumer: flags.consumer,
    provider: flags.provider,
    ...(flags.path !== undefined ? { path: flags.path } : {}),
  };
  const http = await httpPactFor(names);
  if (flags.brokerUrl !== undefined && flags.consumerVersion === undefined)
    throw new UsageError(
      '--consumer-version: needed with --broker-url (the version of what sends the ' +
        'notifications, e.g. the commit of your OCS configuration)',
    );
  const pacts = [http, ...(flags.message ? [await messagePactFor(names)] : [])];
  await mkdir(flags.out, { recursive: true });
  for (const pact of pacts) {
    const file = join(flags.out, pactFileName(pact));
    await writeFile(file, `${JSON.stringify(pact, null, 2)}\n`);
    process.stdout.write(
      `wrote ${file} (${pact.interactions.length} interaction(s), consumer ` +
        `${pact.consumer.name}, provider ${pact.provider.name})\n`,
    );
  }
  if (flags.brokerUrl === undefined) return 0;
  const [{ brokerAccess }, { publishContracts }] = await Promise.all([
    import('./brokerAccess.js'),
    import('../pact/broker/publishContracts.js'),
  ]);
  const access = brokerAccess(flags.brokerUrl);
  const notices = await publishContracts(
    access,
    flags.consumer,
    {
      version: flags.consumerVersion!,
      ...(flags.branch !== undefined ? { branch: flags.branch } : {}),
    },
    [http],
  );
  process.stdout.write(
    `published ${pactFileName(http)} as ${flags.consumer} ` +
      `${flags.consumerVersion}${flags.branch !== undefined ? ` (branch ${flags.branch})` : ''} ` +
      `to ${access.url}\n${notices.map((n) => `  ${n}\n`).join('')}`,
  );
  if (flags.message)
    process.stdout.write(
      `the message pact is not published: its consumer is ${flags.provider}'s worker, which ` +
        `publishes it with its own version\n`,
    );
  return 0;
}

export function registerPact(program: Command): void {
  program
    .command('pact')
    .description(
      "write the kit's Pact contract under your pacticipant names and request path, and publish it to a Pact Broker",
    )
    .requiredOption(
      '--consumer <name>',
      'the sending side: OCS as your team configures it (or your relay), e.g. ocs-acme',
    )
    .requiredOption('--provider <name>', 'the receiving side: your CRM endpoint, e.g. acme-crm')
    .option(
      '--path <path>',
      "your receiver's request path, e.g. /ocs/contact-processed (default: any path)",
    )
    .option('--out <dir>', 'where to write the pact files', 'pacts')
    .option(
      '--message',
      "also write the message pact (your receiver's worker consumes the queued notification)",
    )
    .addOption(
      new Option(
        '--broker-url <url>',
        'publish the HTTP pact to this Pact Broker (token in PACT_BROKER_TOKEN)',
      ).env('PACT_BROKER_BASE_URL'),
    )
    .option(
      '--consumer-version <version>',
      'with --broker-url: the version of what sends the notifications, e.g. the commit of your OCS configuration',
    )
    .option('--branch <branch>', 'with --broker-url: the branch of that version')
    .action(async (flags: PactFlags) => {
      process.exitCode = await runPact(flags);
    });
}
