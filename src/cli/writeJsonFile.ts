import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { described } from '../errors/OptionError.js';
import { badOption } from '../errors/OptionError.js';

/**
 * Checks, before anything is sent or read, that `--json FILE` can be written: not a folder (else
 * refused, exit 2), its folders created.
 */
export async function prepareJsonFile(file: string, hint: string): Promise<void> {
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory() === true)
    badOption('--json', `a file for the report${hint}`, described(`${file}, a folder`));
  await mkdir(dirname(file), { recursive: true });
}

/**
 * Writes `value` as JSON to `file` whole or not at all: into a temporary file beside it, then renamed
 * over it, so a reader never sees half a report.
 */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, file);
}
