import { Command, CommanderError } from 'commander';
import { registerGenerate } from './generate.js';
import { CpnError } from '../errors/CpnError.js';
import { issueText, OptionError, type OptionIssue } from '../errors/OptionError.js';
import { OutputError } from '../errors/OutputError.js';
import { kitVersion } from '../util/kitVersion.js';
import { terminalSafe } from '../util/terminalSafe.js';
import { FLAG_FOR_OPTION } from './flags.js';
import { registerValidate } from './validate.js';
import { registerReceive } from './receive.js';
import { registerSend } from './send.js';
import { registerCheckSender } from './checkSender.js';
import { registerCheckReceiver } from './checkReceiver.js';
import { registerDemo } from './demo.js';
import { registerPact } from './pact.js';
import { registerDeploy } from './deploy.js';
import { registerProxy } from './proxy.js';
import { registerReplay } from './replay.js';
import { UsageError } from '../errors/UsageError.js';
// command-registrations: one import per command file; each file keeps its heavy imports lazy.

/**
 * The `cpn-kit` command line. Each command lives in its own file, which registers its options and
 * imports its implementation only when it runs, so `cpn-kit validate` does not pay for loading the
 * network, Pact or MSW code.
 */

export function createProgram(): Command {
  const program = new Command('cpn-kit')
    .description(
      'Contract tests and conformance checks for Genesys OCS contact-processed notifications.',
    )
    .version(kitVersion)
    .showHelpAfterError('(run cpn-kit --help for usage)')
    // A subcommand's own --version (can-i-deploy's) is not the program's.
    .enablePositionalOptions()
    .exitOverride();
  registerValidate(program);
  registerGenerate(program);
  registerReceive(program);
  registerSend(program);
  registerCheckSender(program);
  registerCheckReceiver(program);
  registerDemo(program);
  registerPact(program);
  registerDeploy(program);
  registerProxy(program);
  registerReplay(program);
  // command-list: one register call per command file.
  for (const command of program.commands) command.showHelpAfterError(helpHint(command.name()));
  return program;
}

/** The last line of a usage error: where the flags of the command it is about are listed. */
const helpHint = (command?: string) =>
  `(run cpn-kit${command !== undefined ? ` ${command}` : ''} --help for usage)`;

/** The command a command line runs (the first word that names one), if any. */
function commandOf(program: Command, argv: readonly string[]): string | undefined {
  const word = argv.slice(2).find((w) => !w.startsWith('-'));
  return program.commands.find((c) => c.name() === word)?.name();
}

/** Commands that keep running after their action returns (servers, stopped by a signal). */
const LONG_RUNNING = new Set(['receive']);

/** Resolves once everything written to standard output and error has been handed to the system. */
const flushed = () =>
  Promise.all(
    [process.stdout, process.stderr].map(
      (stream) => new Promise<void>((resolve) => stream.write('', () => resolve())),
    ),
  );

/**
 * Runs the CLI: exit 0 on success, 1 when a check fails, 2 on usage and I/O errors. A command that
 * is done exits as soon as its output is written, without waiting for what its libraries leave
 * behind (undici's background compilation keeps a finished process up to a few hundred ms).
 */
export async function main(argv: readonly string[]): Promise<void> {
  // Whoever read our output may be gone (a CI job's shell that exited): a write then fails with
  // EPIPE, which must not end a run that is still writing its reports.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const program = createProgram();
  let command = '';
  program.hook('preAction', (_program, action) => {
    command = action.name();
  });
  await run(program, argv);
  if (command !== '' && !LONG_RUNNING.has(command)) {
    await flushed();
    process.exit();
  }
}

/**
 * What the command line says about an error, by its type: an option error names each flag (the API
 * names its options), another error of the kit its message; anything else is a fault of the kit.
 */
export function describeError(error: unknown): string {
  if (error instanceof OptionError) {
    const flagOf = (issue: OptionIssue) => FLAG_FOR_OPTION[issue.option] ?? issue.option;
    return error.issues.map((issue) => `cpn-kit: ${issueText(issue, flagOf(issue))}`).join('\n');
  }
  if (error instanceof OutputError) {
    const flag = FLAG_FOR_OPTION[error.output] ?? error.output;
    return `cpn-kit: ${flag}: cannot write ${error.file}: ${error.why}`;
  }
  if (error instanceof CpnError) return `cpn-kit: ${error.message}`;
  return `cpn-kit: error: ${error instanceof Error ? error.message : String(error)}`;
}

async function run(program: Command, argv: readonly string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      // A wrong flag, value or argument ends, as commander's own usage errors do, with the help to read.
      const usage = error instanceof OptionError || error instanceof UsageError;
      const hint = usage ? `\n${helpHint(commandOf(program, argv))}` : '';
      // An error may quote what it read (a recording's line): each line is printed terminal-safe.
      const said = describeError(error).split('\n').map(terminalSafe).join('\n');
      process.stderr.write(`${said}${hint}\n`);
      process.exitCode = 2;
    }
  }
}
