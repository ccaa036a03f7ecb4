#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { UsageError } from './UsageError.js';

/**
 * The `cpn-kit` command line. Each command lives in its own file and is imported only when it
 * runs, so `cpn-kit validate` does not pay for loading the network, Pact or MSW code.
 */
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function createProgram(): Command {
  const program = new Command('cpn-kit')
    .description('Contract tests and conformance checks for Genesys OCS contact-processed notifications.')
    .version(version)
    .showHelpAfterError('(run cpn-kit --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('validate')
    .description('validate notification bodies (JSON files, or - for standard input) against the schema')
    .argument('<file...>', 'JSON files to check; - reads standard input')
    .option('--json', 'print machine-readable JSON instead of lines')
    .action(async (files: string[], options: { json?: boolean }) => {
      const { runValidate } = await import('./validate.js');
      process.exitCode = await runValidate(files, options);
    });

  program
    .command('generate')
    .description('print a document generated from the schema (TypeScript types)')
    .addArgument(program.createArgument('<kind>', 'what to generate').choices(['types']))
    .addOption(new Option('--out <file>', 'write to this file instead of standard output'))
    .action(async (kind: string, options: { out?: string }) => {
      const { runGenerate } = await import('./generate.js');
      process.exitCode = await runGenerate(kind, options);
    });

  return program;
}

/** Runs the CLI: exit 0 on success, 1 when a check fails, 2 on usage and I/O errors. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = createProgram();
  try {
    await program.parseAsync(argv as string[]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else if (error instanceof UsageError) {
      process.stderr.write(`cpn-kit: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`cpn-kit: ${(error as Error).message ?? String(error)}\n`);
      process.exitCode = 2;
    }
  }
}

await main(process.argv);
