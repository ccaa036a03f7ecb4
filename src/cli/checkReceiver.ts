import type { Command } from 'commander';
import { repeatable } from './repeatable.js';
import { asUsage, UsageError } from './UsageError.js';

interface CheckReceiverFlags {
  header: string[];
  consumer?: string;
  consumerVersionSelectors?: string;
  enablePending?: boolean;
  includeWipPactsSince?: string;
  provider?: string;
  responseTimeout: string;
  pact?: string[];
  junit?: string;
  json?: string;
  publishVerification?: boolean;
  brokerUrl?: string;
  providerVersion?: string;
  branch?: string;
  ca?: string;
}

/** `cpn-kit check-receiver URL`: Pact's Verifier against contracts/ plus the checks Pact cannot express. */
export function registerCheckReceiver(program: Command): void {
  program
    .command('check-receiver')
    .description("verify a live receiver: Pact's Verifier against the kit's contracts, plus duplicates, redirects, timeouts, tolerance and refusal of bad bodies")
    .argument('<url>', 'the receiver URL, e.g. http://127.0.0.1:8080/notifications')
    .option('--header <header>', "a static header sent with every request, 'Name: value' (repeatable)", repeatable, [])
    .option('--provider <name>', 'the Pact provider name of your receiver', 'crm-receiver')
    .option('--response-timeout <seconds>', 'seconds the receiver has to answer (http-response-timeout)', '10')
    .option('--pact <file>', 'verify this pact file instead of the kit\'s contracts/ (repeatable)', repeatable)
    .option('--ca <pem-file>', 'trust the CA certificate(s) in this PEM file for an https:// receiver (self-signed or private CA); TLS 1.2+, always verified')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--json <file>', 'write a JSON report')
    .option('--publish-verification', 'publish the verification result to the Pact Broker (needs --broker-url and --provider-version)')
    .option('--broker-url <url>', 'take the pacts from this Pact Broker (token in PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD)')
    .option('--provider-version <version>', 'the version of your receiver, e.g. the git SHA')
    .option('--branch <branch>', 'the branch of your receiver (pending and WIP pacts are computed for it)')
    .option('--consumer <name>', "with --broker-url: verify only this consumer's pacts", 'ocs-contact-processed')
    .option('--consumer-version-selectors <json>', 'with --broker-url: the consumer version selectors as a JSON array (default: main branch, matching branch, deployed or released)')
    .option('--enable-pending', 'with --broker-url: ask for pending pacts; their failures are reported as warnings')
    .option('--include-wip-pacts-since <date>', 'with --broker-url: also verify work-in-progress pacts published since this date (YYYY-MM-DD)')
    .action(async (url: string, flags: CheckReceiverFlags) => {
      (await import('./requirePeer.js')).requirePeer('@pact-foundation/pact', 'check-receiver');
      // Pact loads in its own process while this one reads the flags and loads the checks.
      (await import('../contracts/runPactVerifier.js')).warmPactVerifier();
      const [{ parseHeaderList }, { parseOptionValue }] = await Promise.all([import('../sender/customHeaders.js'), import('../sender/parseOptionValue.js')]);
      const headers = asUsage(() => parseHeaderList(flags.header, '--header'));
      const responseTimeout = asUsage(() => parseOptionValue.seconds('--response-timeout', flags.responseTimeout));
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new UsageError(`URL: expected an absolute http:// or https:// URL, found ${JSON.stringify(url)}`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`URL: expected an http:// or https:// URL, found ${JSON.stringify(url)}`);
      if (flags.provider !== undefined && !/^\S+$/.test(flags.provider)) throw new UsageError(`--provider: expected a name without spaces, found ${JSON.stringify(flags.provider)}`);
      if (flags.publishVerification && (flags.brokerUrl === undefined || flags.providerVersion === undefined)) {
        throw new UsageError('--publish-verification: needs --broker-url and --provider-version');
      }
      if (flags.brokerUrl !== undefined && !/^https?:\/\//.test(flags.brokerUrl)) throw new UsageError(`--broker-url: expected an http:// or https:// URL, found ${JSON.stringify(flags.brokerUrl)}`);
      if (flags.brokerUrl === undefined && (flags.providerVersion !== undefined || flags.branch !== undefined || flags.enablePending || flags.includeWipPactsSince !== undefined || flags.consumerVersionSelectors !== undefined)) {
        throw new UsageError('--provider-version, --branch, --consumer-version-selectors, --enable-pending and --include-wip-pacts-since: only used with --broker-url');
      }
      if (flags.includeWipPactsSince !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(flags.includeWipPactsSince)) throw new UsageError(`--include-wip-pacts-since: expected a date YYYY-MM-DD, found ${JSON.stringify(flags.includeWipPactsSince)}`);
      let selectors: Record<string, unknown>[] | undefined;
      if (flags.consumerVersionSelectors !== undefined) {
        try {
          selectors = JSON.parse(flags.consumerVersionSelectors) as Record<string, unknown>[];
        } catch {
          selectors = undefined;
        }
        if (!Array.isArray(selectors) || selectors.some((s) => s === null || typeof s !== 'object' || Array.isArray(s))) {
          throw new UsageError(`--consumer-version-selectors: expected a JSON array of selector objects such as '[{"mainBranch":true}]', found ${JSON.stringify(flags.consumerVersionSelectors)}`);
        }
      }
      let ca: string[] | undefined;
      if (flags.ca !== undefined) {
        if (parsed.protocol !== 'https:') throw new UsageError(`--ca: only used with an https:// URL, found ${JSON.stringify(url)}`);
        const [{ readFile }, { pemCertificates }] = await Promise.all([import('node:fs/promises'), import('../contracts/pemCertificates.js')]);
        let text: string;
        try {
          text = await readFile(flags.ca, 'utf8');
        } catch (error) {
          throw new UsageError(`--ca: cannot read ${flags.ca}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
        }
        const file = flags.ca;
        ca = asUsage(() => pemCertificates(text, `--ca ${file}`));
      }
      const { checkReceiver } = await import('../checks/receiver/checkReceiver.js');
      const { writeReport } = await import('../report/writeReport.js');
      const env = process.env;
      const report = await checkReceiver({
        url,
        headers,
        ...(flags.provider !== undefined ? { provider: flags.provider } : {}),
        responseTimeout,
        ...(flags.pact !== undefined ? { pactFiles: flags.pact } : {}),
        ...(ca !== undefined ? { ca } : {}),
        ...(flags.brokerUrl !== undefined
          ? {
              broker: {
                url: flags.brokerUrl,
                publish: flags.publishVerification === true,
                ...(flags.providerVersion !== undefined ? { providerVersion: flags.providerVersion } : {}),
                ...(flags.branch !== undefined ? { branch: flags.branch } : {}),
                ...(flags.consumer !== undefined ? { consumer: flags.consumer } : {}),
                ...(selectors !== undefined ? { consumerVersionSelectors: selectors } : {}),
                ...(flags.enablePending ? { enablePending: true } : {}),
                ...(flags.includeWipPactsSince !== undefined ? { includeWipPactsSince: flags.includeWipPactsSince } : {}),
                ...(env.PACT_BROKER_TOKEN !== undefined ? { token: env.PACT_BROKER_TOKEN } : {}),
                ...(env.PACT_BROKER_USERNAME !== undefined ? { username: env.PACT_BROKER_USERNAME } : {}),
                ...(env.PACT_BROKER_PASSWORD !== undefined ? { password: env.PACT_BROKER_PASSWORD } : {}),
              },
            }
          : {}),
      });
      process.exitCode = await writeReport(report, { ...(flags.json !== undefined ? { json: flags.json } : {}), ...(flags.junit !== undefined ? { junit: flags.junit } : {}) });
    });
}
