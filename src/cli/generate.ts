import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';

/**
 * The shipped documents `cpn-kit generate KIND` prints: each derived from the schema by
 * `npm run generate` in the kit's own repository, and committed (a test fails when one is stale).
 */
const shipped: Readonly<Record<string, URL>> = {
  types: new URL('../message/ContactProcessed.generated.d.ts', import.meta.url),
  openapi: new URL('../../schema/openapi.json', import.meta.url),
  asyncapi: new URL('../../schema/asyncapi.json', import.meta.url),
};

/** `cpn-kit generate KIND [--out FILE]`: prints (or writes) a document derived from the schema. */
export async function runGenerate(kind: string, options: { out?: string }): Promise<number> {
  const text = await readFile(shipped[kind]!, 'utf8');
  if (options.out === undefined) process.stdout.write(text);
  else await writeFile(options.out, text);
  return 0;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'print a document derived from the schema: TypeScript types, OpenAPI 3.1 or AsyncAPI 3',
    )
    .addArgument(program.createArgument('<kind>', 'what to print').choices(Object.keys(shipped)))
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (kind: string, options: { out?: string }) => {
      process.exitCode = await runGenerate(kind, options);
    });
}
