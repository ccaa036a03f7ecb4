import type { Command } from 'commander';
import { escapeJsonControls } from '../util/escapeJsonControls.js';
import { terminalSafe } from '../util/terminalSafe.js';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { badOption, described } from '../errors/OptionError.js';
import type { Issue } from '../message/Issue.js';
import { FORMAT_JSON_HINT, formatFlag, jsonFileFlag } from './flags.js';
import { UsageError } from '../errors/UsageError.js';
import { prepareJsonFile, writeJsonFile } from './writeJsonFile.js';

/** The flags of `cpn-kit validate`. */
export interface ValidateFlags {
  /** Write the verdicts as JSON to this file. */
  readonly json?: string;
  /** How the verdicts are printed on standard output. */
  readonly format?: 'text' | 'json';
}

/** The verdict on one file. `problem` is set when the file could not be read (exit 2). */
export interface FileVerdict {
  readonly file: string;
  readonly valid: boolean;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
  readonly problem?: string;
}

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Judges one file: read problems, empty files and text that is not JSON are named, never thrown. */
export async function judgeFile(file: string): Promise<FileVerdict> {
  const label = file === '-' ? '(stdin)' : file;
  let text: string;
  try {
    text = await readInput(file);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : message;
    return {
      file: label,
      valid: false,
      errors: [],
      warnings: [],
      problem: `cannot read ${label}: ${reason}`,
    };
  }
  if (text.trim() === '') {
    const error: Issue = {
      field: '(file)',
      code: 'not-json',
      expected: 'a JSON object (a notification body)',
      found: 'an empty file',
      message: '(file): expected a JSON object (a notification body), found an empty file',
    };
    return { file: label, valid: false, errors: [error], warnings: [] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const found = `text that is not JSON (${(error as Error).message})`;
    return {
      file: label,
      valid: false,
      errors: [
        {
          field: '(file)',
          code: 'not-json',
          expected: 'a JSON object (a notification body)',
          found,
          message: `(file): expected a JSON object (a notification body), found ${found}`,
        },
      ],
      warnings: [],
    };
  }
  // Imported here, not at the top: every command's file is loaded at start-up, only `validate` needs the validator.
  const { validateContactProcessed } = await import('../message/validateContactProcessed.js');
  return { file: label, ...validateContactProcessed(value) };
}

/**
 * Whether `--json FILE` may be written: never one of the files to validate, nor an existing file that
 * is not an earlier validate report (`--json message.json`, where `--json` was a switch, would
 * otherwise replace the notification with the report).
 */
async function checkReportTarget(target: string, files: readonly string[]): Promise<void> {
  const refuse = (why: string) =>
    badOption('--json', `a file for the report${FORMAT_JSON_HINT}`, described(`${target}, ${why}`));
  if (files.some((file) => file !== '-' && resolve(file) === resolve(target)))
    refuse('which is also a file to validate');
  const text = await readFile(target, 'utf8').catch(() => undefined);
  if (text !== undefined && !isValidateReport(text))
    refuse('which holds something else than a validate report');
  await prepareJsonFile(target);
}

function isValidateReport(text: string): boolean {
  try {
    const value = JSON.parse(text) as { valid?: unknown; files?: unknown };
    return typeof value.valid === 'boolean' && Array.isArray(value.files);
  } catch {
    return false;
  }
}

/** `cpn-kit validate FILE...`: 0 when every file is valid, 1 when any is invalid, 2 when one cannot be read. */
export async function runValidate(
  files: readonly string[],
  options: ValidateFlags,
): Promise<number> {
  // Standard input can be read once: a second `-` would be judged as an empty file.
  if (files.filter((file) => file === '-').length > 1)
    throw new UsageError('validate: - (standard input) can be given only once');
  if (options.json !== undefined) await checkReportTarget(options.json, files);
  const verdicts: FileVerdict[] = [];
  for (const file of files) verdicts.push(await judgeFile(file));
  const code = verdicts.some((v) => v.problem !== undefined)
    ? 2
    : verdicts.some((v) => !v.valid)
      ? 1
      : 0;
  const document = { valid: code === 0, files: verdicts };
  if (options.json !== undefined) await writeJsonFile(options.json, document);
  if (options.format === 'json') {
    process.stdout.write(`${escapeJsonControls(JSON.stringify(document, null, 2))}\n`);
    return code;
  }
  const lines: string[] = [];
  for (const verdict of verdicts) {
    if (verdict.problem !== undefined) {
      process.stderr.write(`cpn-kit validate: ${terminalSafe(verdict.problem)}\n`);
      continue;
    }
    for (const e of verdict.errors) lines.push(`${verdict.file}: error: ${e.message}`);
    for (const w of verdict.warnings) lines.push(`${verdict.file}: warning: ${w.message}`);
    const counts = [
      verdict.errors.length && `${verdict.errors.length} error(s)`,
      verdict.warnings.length && `${verdict.warnings.length} warning(s)`,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `${verdict.file}: ${verdict.valid ? 'valid' : 'invalid'}${counts ? ` (${counts})` : ''}`,
    );
  }
  // A field's name or value may carry terminal escapes: each line is printed terminal-safe.
  if (lines.length > 0) process.stdout.write(`${lines.map(terminalSafe).join('\n')}\n`);
  return code;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'validate notification bodies (JSON files, or - for standard input) against the schema',
    )
    .argument('<file...>', 'JSON files to check; - reads standard input')
    .addOption(
      jsonFileFlag(
        'write the verdicts as JSON, { valid, files } (its folders are created)',
        FORMAT_JSON_HINT,
      ),
    )
    .addOption(formatFlag('the verdicts (json: the same document as --json writes)'))
    .action(async (files: string[], options: ValidateFlags) => {
      process.exitCode = await runValidate(files, options);
    });
}
