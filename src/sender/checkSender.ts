import { spawn } from 'node:child_process';
import type { Finding, Report } from '../report/Report.js';
import { createScenarioSession, type ScenarioSession } from '../scenarios/createScenarioSession.js';
import { judgeSession } from '../scenarios/judgeSession.js';
import type { Scenario } from '../scenarios/Scenario.js';
import { serveScenarios } from '../scenarios/serveScenarios.js';
import type { RetryCondition } from './senderDefaults.js';

/** What the sender under test is told: where to POST and with which settings. */
export interface SenderTarget {
  /** Where to POST (the `CPN_URL` of an --exec command). */
  readonly url: string;
  /** How many distinct notifications the scenarios need (`CPN_COUNT`). */
  readonly count: number;
  /** `CPN_RETRY_MAX_ATTEMPTS`. */
  readonly retryMaxAttempts: number;
  /** `CPN_RESPONSE_TIMEOUT`, seconds. */
  readonly responseTimeout: number;
}

/** Options of {@link checkSender}. Give `exec` or `run`, or neither to wait for a sender (e.g. a real OCS). */
export interface CheckSenderOptions {
  /** The sender's `http-retry-max-attempts`; default 0. */
  readonly retryMaxAttempts?: number;
  /** The sender's `http-response-timeout` in seconds; default 10. Scenario timings scale with it. */
  readonly responseTimeout?: number;
  /** The sender's `http-retry-applies-to`; default connection-failure, timeout, 5xx. */
  readonly retryAppliesTo?: readonly RetryCondition[];
  /** A shell command that runs the sender; it gets CPN_URL, CPN_COUNT, CPN_RETRY_MAX_ATTEMPTS, CPN_RESPONSE_TIMEOUT. */
  readonly exec?: string;
  /** An in-process sender: called once with the target, resolves when it has sent everything. */
  readonly run?: (target: SenderTarget) => Promise<unknown>;
  /** `HOST:PORT` to listen on; default 127.0.0.1 and a free port. */
  readonly listen?: string;
  /** Without exec/run: stop waiting after this many seconds; with exec: kill the command after it. Default 300. */
  readonly duration?: number;
  /** The scenarios to play; default the whole catalog. */
  readonly scenarios?: readonly Scenario[];
  /** Called once the scenarios are served (e.g. to print the URL for a real OCS). */
  readonly onListening?: (target: SenderTarget) => void;
  /** Where the --exec command's output goes; default: collected and shown when the command fails to run. */
  readonly execOutput?: 'inherit' | 'collect';
  /** Extra environment for the --exec command. */
  readonly env?: Readonly<Record<string, string>>;
  /** Serve HTTPS with this certificate and key (PEM); the sender under test must trust the certificate. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
}

/** Parses `HOST:PORT` (`[::1]:8080` for IPv6). */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new Error(`--listen: expected HOST:PORT such as 127.0.0.1:8080 or [::1]:8080, found ${JSON.stringify(value)}`);
  return { host: (match[1] ?? match[2])!, port };
}

interface ExecOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly output: string;
}

function runCommand(command: string, env: NodeJS.ProcessEnv, limitMs: number, inherit: boolean): Promise<ExecOutcome> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, env, stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let timedOut = false;
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, limitMs);
    // The command runs in its own process group (so a timeout kills all of it): pass Ctrl-C on.
    const forward = (signal: NodeJS.Signals) => {
      kill();
      process.exitCode = 130;
      process.kill(process.pid, signal);
    };
    const onSigint = () => forward('SIGINT');
    const onSigterm = () => forward('SIGTERM');
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
    const unhook = () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    };
    child.on('error', (error) => {
      unhook();
      clearTimeout(timer);
      resolve({ code: null, signal: null, timedOut, output: `${output}${error.message}` });
    });
    child.on('close', (code, signal) => {
      unhook();
      clearTimeout(timer);
      resolve({ code, signal, timedOut, output });
    });
  });
}

function execFinding(command: string, outcome: ExecOutcome, limitS: number): Finding {
  const tail = outcome.output.trim().split('\n').slice(-8);
  if (outcome.timedOut) {
    return { id: 'sender-process', title: `the sender command ran: ${command}`, status: 'fail', summary: `still running after ${limitS} s (--duration); it was killed`, details: tail };
  }
  if (outcome.code === 127 || outcome.code === 126 || outcome.code === null) {
    return { id: 'sender-process', title: `the sender command ran: ${command}`, status: 'fail', summary: `the command could not run (${outcome.signal ? `signal ${outcome.signal}` : `exit ${outcome.code}`})`, details: tail };
  }
  return {
    id: 'sender-process',
    title: `the sender command ran: ${command}`,
    status: outcome.code === 0 || outcome.code === 1 ? 'pass' : 'warn',
    summary: `exited with code ${outcome.code}${outcome.code === 1 ? ' (some notifications failed, as several scenarios make them)' : outcome.code === 0 ? '' : ' (unexpected: 0 or 1 expected)'}`,
  };
}

/**
 * Checks a sender against the scenario catalog over a real loopback socket: serves the scenarios,
 * runs the sender (an --exec command or an in-process function) or waits for one, then judges what
 * it did. Returns the report (one finding per scenario); output it with `writeReport`.
 *
 * @example
 * const report = await checkSender({ exec: 'node my-sender.js', retryMaxAttempts: 2, responseTimeout: 1 });
 * process.exitCode = await writeReport(report, {});
 */
export async function checkSender(options: CheckSenderOptions): Promise<Report> {
  const startedAt = new Date();
  const t0 = performance.now();
  if (options.exec !== undefined && options.run !== undefined) throw new Error('checkSender: give exec or run, not both');
  if (options.exec !== undefined && options.exec.trim() === '') throw new Error('--exec: expected a command, found an empty string');
  const duration = options.duration ?? 300;
  if (!(duration > 0)) throw new Error(`--duration: expected a number of seconds greater than 0, found ${duration}`);
  const listen = options.listen !== undefined ? parseListen(options.listen) : { host: '127.0.0.1', port: 0 };
  const session: ScenarioSession = createScenarioSession({
    ...(options.retryMaxAttempts !== undefined ? { retryMaxAttempts: options.retryMaxAttempts } : {}),
    ...(options.responseTimeout !== undefined ? { responseTimeout: options.responseTimeout } : {}),
    ...(options.retryAppliesTo !== undefined ? { retryAppliesTo: options.retryAppliesTo } : {}),
    ...(options.scenarios !== undefined ? { scenarios: options.scenarios } : {}),
  });
  const served = await serveScenarios(session, { ...listen, ...(options.tls ? { tls: { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' as const } } : {}) });
  const target: SenderTarget = {
    url: session.url,
    count: session.count,
    retryMaxAttempts: session.settings.retryMaxAttempts,
    responseTimeout: session.settings.responseTimeout,
  };
  options.onListening?.(target);
  const extra: Finding[] = [];
  let subject: string;
  // After the sender is done, give straggling retries (of a sender that retries too much) time to show.
  const graceMs = session.timing.giveUpMarginMs + session.timing.backoffAllowanceMs;
  try {
    if (options.exec !== undefined) {
      subject = options.exec;
      const env = {
        ...process.env,
        ...options.env,
        CPN_URL: target.url,
        CPN_COUNT: String(target.count),
        CPN_RETRY_MAX_ATTEMPTS: String(target.retryMaxAttempts),
        CPN_RESPONSE_TIMEOUT: String(target.responseTimeout),
      };
      const outcome = await runCommand(options.exec, env, duration * 1000, options.execOutput === 'inherit');
      extra.push(execFinding(options.exec, outcome, duration));
      await session.waitUntilSettled(100);
    } else if (options.run !== undefined) {
      subject = 'in-process sender';
      try {
        await options.run(target);
      } catch (error) {
        extra.push({ id: 'sender-process', title: 'the in-process sender ran', status: 'fail', summary: `it threw: ${(error as Error)?.message ?? String(error)}` });
      }
      await session.waitUntilSettled(100);
    } else {
      subject = `sender posting to ${target.url}`;
      if (await session.waitUntilSettled(duration * 1000)) await new Promise((r) => setTimeout(r, graceMs));
    }
  } finally {
    await served.close();
  }
  return {
    command: 'check-sender',
    subject,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - t0,
    findings: [...judgeSession(session), ...extra],
  };
}
