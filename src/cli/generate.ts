import { writeFile } from 'node:fs/promises';
import { generatedDocument } from '../codegen/generatedFiles.js';

/** `cpn-kit generate KIND [--out FILE]`: prints (or writes) a document derived from the schema. */
export async function runGenerate(kind: string, options: { out?: string }): Promise<number> {
  const text = await generatedDocument(kind);
  if (options.out === undefined) process.stdout.write(text);
  else await writeFile(options.out, text);
  return 0;
}
