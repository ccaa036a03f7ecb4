import type { Command } from 'commander';
import { repeatable } from './repeatable.js';
import { asUsage, UsageError } from './UsageError.js';

/** The options of `cpn-kit send`, as commander gives them. */
export interface SendCliOptions {
  readonly uri: string;
  readonly count: string;
  readonly poolSize: string;
  readonly retryMaxAttempts: string;
  readonly retryAppliesTo?: string;
  readonly responseTimeout: string;
  readonly proxy?: string;
  readonly header: string[];
  readonly fixture?: string;
  readonly file?: string;
  readonly userAgent?: string;
  readonly ca?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** `cpn-kit send`: the OCS simulator. Exit 0 when every notification was delivered, 1 when any failed, 2 on usage errors. */
export async function runSend(options: SendCliOptions): Promise<number> {
  const [{ parseOptionValue }, { sendBatch }, { parseHeaderList }, { getFixture, fixtureNames }, { validateContactProcessed }, { readFile }, { redactCredentials }] = await Promise.all([
    import('../sender/parseOptionValue.js'),
    import('../sender/sendBatch.js'),
    import('../sender/customHeaders.js'),
    import('../message/fixtures.js'),
    import('../message/validateContactProcessed.js'),
    import('node:fs/promises'),
    import('../sender/classifyError.js'),
  ]);
  const count = asUsage(() => parseOptionValue.integer('--count', options.count, 0));
  const poolSize = asUsage(() => parseOptionValue.integer('--pool-size', options.poolSize, 1));
  const retryMaxAttempts = asUsage(() => parseOptionValue.integer('--retry-max-attempts', options.retryMaxAttempts, 0));
  const responseTimeout = asUsage(() => parseOptionValue.seconds('--response-timeout', options.responseTimeout));
  const { retryAppliesTo: appliesText } = options;
  const retryAppliesTo = appliesText === undefined ? undefined : asUsage(() => parseOptionValue.retryAppliesTo('--retry-applies-to', appliesText));
  const customHeaders = asUsage(() => parseHeaderList(options.header, '--header'));
  if (options.fixture !== undefined && options.file !== undefined) throw new UsageError('--fixture and --file: give one or the other');
  let templates: unknown[] | undefined;
  if (options.fixture !== undefined) {
    try {
      templates = [getFixture(options.fixture).message];
    } catch {
      throw new UsageError(`--fixture: expected one of ${fixtureNames.join(', ')}, found ${JSON.stringify(options.fixture)}`);
    }
  } else if (options.file !== undefined) {
    let text: string;
    try {
      text = await readFile(options.file, 'utf8');
    } catch (error) {
      throw new UsageError(`--file: cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`--file: ${options.file} is not JSON (${(error as Error).message})`);
    }
    templates = Array.isArray(parsed) ? parsed : [parsed];
    for (const [i, template] of templates.entries()) {
      const result = validateContactProcessed(template);
      if (!result.valid) {
        const where = Array.isArray(parsed) ? `${options.file} [${i}]` : options.file;
        throw new UsageError(`--file: ${where} is not a valid notification: ${result.errors.map((e) => e.message).join('; ')}`);
      }
    }
  }
  let ca: Buffer | undefined;
  if (options.ca !== undefined) {
    try {
      ca = await readFile(options.ca);
    } catch (error) {
      throw new UsageError(`--ca: cannot read ${options.ca}: ${(error as Error).message}`);
    }
  }

  const showProgress = !options.quiet && !options.json && process.stderr.isTTY === true && count > 1;
  let bar: { update(n: number): void; stop(): void } | undefined;
  if (showProgress) {
    const { SingleBar, Presets } = (await import('cli-progress')).default;
    const single = new SingleBar({ format: 'sending [{bar}] {value}/{total} {percentage}% {eta}s left', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
    single.start(count, 0);
    bar = single;
  }
  let summary;
  try {
    summary = await sendBatch({
      uri: options.uri,
      count,
      connectionPoolSize: poolSize,
      retryMaxAttempts,
      responseTimeout,
      customHeaders,
      ...(retryAppliesTo ? { retryAppliesTo } : {}),
      ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
      ...(options.userAgent !== undefined ? { userAgent: options.userAgent } : {}),
      ...(ca ? { ca } : {}),
      ...(templates ? { templates: templates as never } : {}),
      ...(bar ? { onResult: (_r: unknown, done: number) => bar.update(done) } : {}),
    });
  } catch (error) {
    bar?.stop();
    throw new UsageError(redactCredentials((error as Error).message));
  }
  bar?.stop();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    const statuses = Object.entries(summary.statusCounts).map(([s, n]) => `${s}: ${n}`).join(', ') || 'none';
    const lines = [
      `sent ${summary.total} notification(s) to ${redactCredentials(options.uri)}: ${summary.delivered} delivered, ${summary.failed} failed, ${summary.attempts} attempt(s)`,
      `final statuses: ${statuses}`,
      `latency p50 ${summary.latencyMs.p50.toFixed(1)} ms, p99 ${summary.latencyMs.p99.toFixed(1)} ms; ${summary.ratePerSecond.toFixed(0)} notifications/s over ${(summary.durationMs / 1000).toFixed(2)} s`,
      ...summary.failures.slice(0, 5).map((f) => `failed ${f.guid}: ${f.reason}`),
    ];
    if (summary.failed > 5) lines.push(`... and ${summary.failed - 5} more failure(s)`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return summary.failed > 0 ? 1 : 0;
}


export function registerSend(program: Command): void {
  program
    .command('send')
    .description('the OCS simulator: POST contact-processed notifications as OCS does (retries, pool, proxy, timeout)')
    .requiredOption('--uri <url>', 'contact-processed-notification-uri: where to POST (http or https)')
    .option('--count <n>', 'how many notifications', '1')
    .option('--pool-size <p>', 'http-connection-pool-size: at most P connections, kept alive and reused', '1')
    .option('--retry-max-attempts <n>', 'http-retry-max-attempts: retries after the first attempt', '0')
    .option('--retry-applies-to <list>', 'http-retry-applies-to: comma-separated connection-failure,timeout,3xx,4xx,5xx (default connection-failure,timeout,5xx)')
    .option('--response-timeout <s>', 'http-response-timeout in seconds', '10')
    .option('--proxy <url>', 'http-proxy: http://[user:pass@]host:port')
    .option('--header <"Name: value">', 'http-custom-headers: a custom header (repeatable)', repeatable, [])
    .option('--fixture <name>', 'send this fixture (fresh GUID and timestamp per notification)')
    .option('--file <f.json>', 'send this message, or each of an array in turn (fresh GUID and timestamp per notification)')
    .option('--user-agent <ua>', 'the User-Agent header (default OCS/8.1.528.15)')
    .option('--ca <pem-file>', 'extra trusted CA certificate(s) for HTTPS')
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'no progress bar')
    .action(async (options: SendCliOptions) => {
      process.exitCode = await runSend(options);
    });
}
