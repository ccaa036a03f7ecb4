import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputError, writeFailure } from '../errors/OutputError.js';
import { escapeJsonControls } from '../util/escapeJsonControls.js';

/**
 * Checks, before anything is sent or read, that `--json FILE` can be written, as the report files of
 * the check commands are: its folders created, not a folder itself, its folder writable; an
 * OutputError (exit 2) otherwise.
 */
export async function prepareJsonFile(file: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    const existing = await stat(file).catch(() => undefined);
    if (existing?.isDirectory() === true)
      throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    const probe = join(dirname(file), `.${basename(file)}.${process.pid}.probe`);
    await writeFile(probe, '');
    await rm(probe);
  } catch (error) {
    throw new OutputError('--json', file, writeFailure(error), { cause: error });
  }
}

/**
 * Writes `value` as JSON to `file` whole or not at all: into a temporary file beside it, then renamed
 * over it, so a reader never sees half a summary. A C1 control or a bidirectional override in it
 * (a GUID from the wire) is written as its `\u` escape.
 */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  await writeFile(temporary, `${escapeJsonControls(JSON.stringify(value, null, 2))}\n`);
  await rename(temporary, file);
}
