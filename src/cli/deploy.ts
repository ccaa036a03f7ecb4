import { Option, type Command } from 'commander';

interface DeployFlags {
  readonly pacticipant: string;
  readonly version: string;
  readonly toEnvironment?: string;
  readonly environment?: string;
  readonly brokerUrl?: string;
}

const brokerUrlOption = () =>
  new Option(
    '--broker-url <url>',
    'the Pact Broker (token in PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD)',
  ).env('PACT_BROKER_BASE_URL');

/**
 * `cpn-kit can-i-deploy` and `cpn-kit record-deployment`: the broker gate of the documented flow,
 * without the pact-broker CLI.
 */
export function registerDeploy(program: Command): void {
  program
    .command('can-i-deploy')
    .description(
      'ask the Pact Broker whether a version can be deployed to an environment (exit 0 yes, 1 no)',
    )
    .requiredOption('--pacticipant <name>', 'your side: the consumer or provider name')
    .requiredOption('--version <version>', 'the version to deploy, e.g. the commit')
    .requiredOption('--to-environment <name>', 'where it would go, e.g. production')
    .addOption(brokerUrlOption())
    .action(async (flags: DeployFlags) => {
      const [{ brokerAccess }, { canIDeploy }] = await Promise.all([
        import('./brokerAccess.js'),
        import('../pact/broker/canIDeploy.js'),
      ]);
      const access = brokerAccess(flags.brokerUrl);
      const verdict = await canIDeploy(
        access,
        flags.pacticipant,
        flags.version,
        flags.toEnvironment!,
      );
      process.stdout.write(
        `${verdict.deployable ? 'yes' : 'NO'}: ${flags.pacticipant} ${flags.version} to ` +
          `${flags.toEnvironment}: ${verdict.reason}\n`,
      );
      process.exitCode = verdict.deployable ? 0 : 1;
    });
  program
    .command('record-deployment')
    .description('record at the Pact Broker that a version is now deployed to an environment')
    .requiredOption('--pacticipant <name>', 'your side: the consumer or provider name')
    .requiredOption('--version <version>', 'the version deployed, e.g. the commit')
    .requiredOption('--environment <name>', 'where it was deployed, e.g. production')
    .addOption(brokerUrlOption())
    .action(async (flags: DeployFlags) => {
      const [{ brokerAccess }, { recordDeployment }] = await Promise.all([
        import('./brokerAccess.js'),
        import('../pact/broker/recordDeployment.js'),
      ]);
      const access = brokerAccess(flags.brokerUrl);
      await recordDeployment(access, flags.pacticipant, flags.version, flags.environment!);
      process.stdout.write(
        `recorded ${flags.pacticipant} ${flags.version} as deployed to ${flags.environment}\n`,
      );
    });
}
