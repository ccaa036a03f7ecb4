import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';

/** `cpn-kit generate KIND [--out FILE]`: prints (or writes) a document derived from the schema. */
export async function runGenerate(kind: string, options: { out?: string }): Promise<number> {
  const { generatedDocument } = await import('../codegen/generatedFiles.js');
  const text = await generatedDocument(kind);
  if (options.out === undefined) process.stdout.write(text);
  else await writeFile(options.out, text);
  return 0;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('print a document generated from the schema: TypeScript types, OpenAPI 3.1 or AsyncAPI 3')
    .addArgument(program.createArgument('<kind>', 'what to generate').choices(['types', 'openapi', 'asyncapi']))
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (kind: string, options: { out?: string }) => {
      process.exitCode = await runGenerate(kind, options);
    });
}
