import type { Command } from 'commander';
import { bodyLimitFlag, parentWatchFlag, recordSecretsFlag, redactHeaderFlag } from './flags.js';
import { UsageError } from '../errors/UsageError.js';
import { ListenError } from '../errors/ListenError.js';
import { addDedupeFlags, dedupeSettings, type DedupeFlagValues } from './dedupeFlags.js';

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new UsageError(
      `--port: expected a port number 0-65535 (0 = any free port), found ${JSON.stringify(value)}`,
    );
  return Number(value);
}

/** What the flags of `cpn-kit receive` were given. */
type ReceiveFlagValues = DedupeFlagValues & {
  port: string;
  host: string;
  path: string;
  log?: string;
  record?: string;
  recordSecrets?: boolean;
  redactHeader: string[];
  bodyLimit?: number;
  parentWatch: boolean;
};

/** Checks the flags (before anything listens or connects), then runs the receiver. */
async function receive(options: ReceiveFlagValues): Promise<void> {
  const port = parsePort(options.port);
  if (!options.path.startsWith('/'))
    throw new UsageError(
      `--path: expected a path starting with /, found ${JSON.stringify(options.path)}`,
    );
  const { bodyLimit } = options;
  const dedupe = await dedupeSettings(options);
  const { runReceive } = await import('./runReceive.js');
  try {
    await runReceive({
      port,
      host: options.host,
      path: options.path,
      ...(options.log !== undefined ? { log: options.log } : {}),
      ...(options.record !== undefined ? { record: options.record } : {}),
      ...(options.recordSecrets === true ? { recordSecrets: true } : {}),
      redactHeaders: options.redactHeader,
      ...(bodyLimit !== undefined ? { bodyLimit } : {}),
      ...(dedupe !== undefined ? { dedupe } : {}),
      parentWatch: options.parentWatch,
    });
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    if (error.reason === 'EADDRINUSE')
      throw new UsageError(`--port: port ${port} on ${options.host} is already in use`);
    throw new UsageError(`--host: ${error.message}`, { cause: error });
  }
}

/** `cpn-kit receive`: runs the reference receiver as a stand-in CRM. */
export function registerReceive(program: Command): void {
  const command = program
    .command('receive')
    .description(
      'run the reference receiver (a stand-in CRM) that accepts contact-processed notifications',
    )
    .option('--port <port>', 'port to listen on; 0 picks any free port', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--path <path>', 'path notifications are posted to', '/')
    .option('--log <file>', 'append each accepted notification to this NDJSON file')
    .option(
      '--record <file>',
      'append every exchange, request and answer, to this NDJSON recording (for cpn-kit replay); ' +
        'secrets masked',
    )
    .addOption(recordSecretsFlag())
    .addOption(redactHeaderFlag())
    .addOption(bodyLimitFlag('largest accepted body in bytes (default 262144: 256 KiB)'))
    .addOption(parentWatchFlag());
  addDedupeFlags(command).action(receive);
}
