import type { Command } from 'commander';
import { repeatable } from './repeatable.js';
import { asUsage, UsageError } from './UsageError.js';

/** The options of `cpn-kit check-sender`, as commander gives them. */
export interface CheckSenderCliOptions {
  readonly exec?: string;
  readonly listen?: string;
  readonly retryMaxAttempts: string;
  readonly retryAppliesTo?: string;
  readonly responseTimeout: string;
  readonly duration?: string;
  readonly scenario: string[];
  readonly json?: string;
  readonly junit?: string;
  readonly showSenderOutput?: boolean;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

/** `cpn-kit check-sender`: 0 when the sender is conformant, 1 when not, 2 on usage errors. */
export async function runCheckSender(options: CheckSenderCliOptions): Promise<number> {
  const [{ checkSender, parseListen }, { writeReport }, { getScenario }, { parseOptionValue }] = await Promise.all([
    import('../sender/checkSender.js'),
    import('../report/writeReport.js'),
    import('../scenarios/scenarioCatalog.js'),
    import('../sender/parseOptionValue.js'),
  ]);
  const retryMaxAttempts = asUsage(() => parseOptionValue.integer('--retry-max-attempts', options.retryMaxAttempts, 0));
  const responseTimeout = asUsage(() => parseOptionValue.seconds('--response-timeout', options.responseTimeout));
  const { duration: durationText, retryAppliesTo: appliesText } = options;
  const duration = durationText === undefined ? undefined : asUsage(() => parseOptionValue.seconds('--duration', durationText));
  const retryAppliesTo = appliesText === undefined ? undefined : asUsage(() => parseOptionValue.retryAppliesTo('--retry-applies-to', appliesText));
  const { listen } = options;
  if (listen !== undefined) asUsage(() => parseListen(listen));
  let tls: { cert: Buffer; key: Buffer } | undefined;
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) throw new UsageError('--tls-cert and --tls-key: give both (PEM files) to serve HTTPS, or neither');
  if (options.tlsCert !== undefined && options.tlsKey !== undefined) {
    const { readFile } = await import('node:fs/promises');
    const read = async (flag: string, file: string) => {
      try {
        return await readFile(file);
      } catch (error) {
        throw new UsageError(`${flag}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
      }
    };
    tls = { cert: await read('--tls-cert', options.tlsCert), key: await read('--tls-key', options.tlsKey) };
  }
  let scenarios;
  try {
    scenarios = options.scenario.length > 0 ? options.scenario.flatMap((s) => s.split(',')).map((id) => getScenario(id.trim())) : undefined;
  } catch (error) {
    throw new UsageError(`--scenario: ${(error as Error).message}`);
  }
  const report = await checkSender({
    retryMaxAttempts,
    responseTimeout,
    ...(retryAppliesTo ? { retryAppliesTo } : {}),
    ...(options.exec !== undefined ? { exec: options.exec } : {}),
    ...(options.listen !== undefined ? { listen: options.listen } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(scenarios ? { scenarios } : {}),
    ...(options.showSenderOutput ? { execOutput: 'inherit' as const } : {}),
    ...(tls ? { tls } : {}),
    onListening: (target) => {
      if (options.exec === undefined) {
        process.stderr.write(`check-sender: serving ${target.count} scenarios at ${target.url}; send ${target.count} distinct notifications there (one scenario per new GUID, in order)\n`);
      }
    },
  }).catch((error: unknown) => {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') throw new UsageError(`--listen: cannot listen on ${options.listen}: ${e.code}`);
    if (tls && /PEM|key|certificate|ASN1|DECODER/i.test(e.message ?? '')) throw new UsageError(`--tls-cert/--tls-key: cannot serve HTTPS with them: ${e.message}`);
    throw error;
  });
  return writeReport(report, { ...(options.json !== undefined ? { json: options.json } : {}), ...(options.junit !== undefined ? { junit: options.junit } : {}) });
}


export function registerCheckSender(program: Command): void {
  program
    .command('check-sender')
    .description('serve the receiver scenarios on loopback and judge how a sender (or a real OCS) handles them')
    .option('--exec <command>', 'run the sender under test; it gets CPN_URL, CPN_COUNT, CPN_RETRY_MAX_ATTEMPTS, CPN_RESPONSE_TIMEOUT')
    .option('--listen <host:port>', 'where to serve the scenarios (default 127.0.0.1 and a free port)')
    .option('--retry-max-attempts <n>', "the sender's http-retry-max-attempts", '0')
    .option('--retry-applies-to <list>', "the sender's http-retry-applies-to (default connection-failure,timeout,5xx)")
    .option('--response-timeout <s>', "the sender's http-response-timeout in seconds (scenario timings scale with it)", '10')
    .option('--duration <s>', 'without --exec: wait at most this long for the scenarios to play; with --exec: kill the command after it (default 300)')
    .option('--scenario <id>', 'play only these scenarios (repeatable or comma-separated)', repeatable, [])
    .option('--show-sender-output', "pass the --exec command's output through")
    .option('--tls-cert <pem-file>', 'serve HTTPS with this certificate (with --tls-key); the sender must trust it')
    .option('--tls-key <pem-file>', 'the private key of --tls-cert')
    .option('--json <file>', 'write the report as JSON')
    .option('--junit <file>', 'write the report as JUnit XML')
    .action(async (options: CheckSenderCliOptions) => {
      process.exitCode = await runCheckSender(options);
    });
}
