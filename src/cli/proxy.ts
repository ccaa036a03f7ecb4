import { Option, type Command } from 'commander';
import { ListenError } from '../errors/ListenError.js';
import type { RetryCondition } from '../retry/retryPolicy.js';
import {
  durationFlag,
  htmlReportFlag,
  jsonReportFlag,
  junitReportFlag,
  poolSizeFlag,
  responseTimeoutFlag,
  retryAppliesToFlag,
  retryMaxAttemptsFlag,
  seconds,
} from './flags.js';
import { parseListen, readTls } from './listenFlags.js';
import { readCaFlag } from './readFlagFile.js';
import { UsageError } from './UsageError.js';

/** The flags of `cpn-kit proxy`. */
interface ProxyFlags {
  readonly target: string;
  readonly listen: { host: string; port: number };
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly ca?: string;
  readonly retryMaxAttempts: number;
  readonly retryAppliesTo: RetryCondition[];
  readonly responseTimeout: number;
  readonly poolSize: number;
  readonly retryWindow?: number;
  readonly duration?: number;
  readonly record?: string;
  readonly json?: string;
  readonly junit?: string;
  readonly html?: string;
}

/** Writes a live line; the lines of one tick go out in one write (a busy proxy judges thousands a second). */
function printBatched(text: string): void {
  if (!process.stdout.writableCorked) {
    process.stdout.cork();
    setImmediate(() => process.stdout.uncork());
  }
  process.stdout.write(text);
}

/** Resolves on Ctrl-C, SIGTERM or when `--duration` has passed. */
function untilStopped(durationSeconds: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (durationSeconds !== undefined) setTimeout(stop, durationSeconds * 1000).unref();
  });
}

/** `cpn-kit proxy`: forwards and judges live until stopped; 0 when everything seen conforms, 1 if not. */
async function runProxy(flags: ProxyFlags): Promise<number> {
  const [{ startProxy }, { formatJudged }, { writeReport }] = await Promise.all([
    import('../checks/proxy/startProxy.js'),
    import('../checks/proxy/formatJudged.js'),
    import('../report/writeReport.js'),
  ]);
  const tls = await readTls(flags);
  const ca = await readCaFlag(flags.ca);
  const proxy = await startProxy(
    {
      target: flags.target,
      host: flags.listen.host,
      port: flags.listen.port,
      retryMaxAttempts: flags.retryMaxAttempts,
      retryAppliesTo: flags.retryAppliesTo,
      responseTimeout: flags.responseTimeout,
      connectionPoolSize: flags.poolSize,
      ...(tls ? { tls } : {}),
      ...(ca !== undefined ? { ca: [ca] } : {}),
      ...(flags.retryWindow !== undefined ? { retryWindow: flags.retryWindow } : {}),
      ...(flags.record !== undefined ? { record: flags.record } : {}),
    },
    (judged) => printBatched(formatJudged(judged)),
  ).catch((error: unknown) => {
    if (error instanceof ListenError)
      throw new UsageError(`--listen: ${error.message}`, { cause: error });
    throw error;
  });
  process.stderr.write(
    `cpn-kit proxy: listening on ${proxy.url}, forwarding to ${flags.target}; point OCS's ` +
      `contact-processed-notification-uri here. Ctrl-C ends the run and writes the report.\n`,
  );
  await untilStopped(flags.duration);
  const report = await proxy.close();
  return writeReport(report, {
    ...(flags.json !== undefined ? { json: flags.json } : {}),
    ...(flags.junit !== undefined ? { junit: flags.junit } : {}),
    ...(flags.html !== undefined ? { html: flags.html } : {}),
    // Each notification's line was printed live when it completed; the files keep them all.
    onTerminal: (finding) => !finding.id.startsWith('notification '),
  });
}

export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description(
      'stand between a sender (OCS) and a receiver (the CRM): forward every request unchanged and ' +
        'judge each notification live, both sides',
    )
    .requiredOption('--target <url>', 'the receiver to forward to (the CRM URL OCS would post to)')
    .addOption(
      new Option('--listen <host:port>', 'where OCS posts to')
        .default({ host: '127.0.0.1', port: 8080 }, '127.0.0.1:8080')
        .argParser(parseListen),
    )
    .option(
      '--tls-cert <pem-file>',
      'serve HTTPS to the sender with this certificate (with --tls-key)',
    )
    .option('--tls-key <pem-file>', 'the private key of --tls-cert')
    .option(
      '--ca <pem-file>',
      'trust the CA certificate(s) in this PEM file for an https:// target',
    )
    .addOption(retryMaxAttemptsFlag("OCS's http-retry-max-attempts"))
    .addOption(retryAppliesToFlag("OCS's http-retry-applies-to"))
    .addOption(responseTimeoutFlag("OCS's http-response-timeout in seconds"))
    .addOption(poolSizeFlag())
    .addOption(
      new Option(
        '--retry-window <s>',
        'how long after a failed attempt a retry may still come (default: 2 × response timeout + 5)',
      ).argParser(seconds('--retry-window')),
    )
    .addOption(durationFlag('stop after this many seconds (default: run until Ctrl-C)'))
    .option(
      '--record <file>',
      'append every exchange to this NDJSON file (replay it with cpn-kit replay)',
    )
    .addOption(jsonReportFlag())
    .addOption(junitReportFlag())
    .addOption(htmlReportFlag())
    .action(async (flags: ProxyFlags) => {
      process.exitCode = await runProxy(flags);
    });
}
