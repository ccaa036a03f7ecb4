import { readFileSync } from 'node:fs';
import { generateAsyncApi } from './generateAsyncApi.js';
import { FIELD_TABLE_FILE, withFieldTable } from './generateFieldTable.js';
import { generateOpenApi } from './generateOpenApi.js';
import { generateTypes } from './generateTypes.js';
import { generateValidatorCode } from './generateValidatorCode.js';

/** A file of the repository that is generated from the schema and committed. */
export interface GeneratedFile {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly render: () => Promise<string> | string;
}

/**
 * Every committed file derived from the schema. `npm run generate` writes them; a test renders
 * them again and fails when a committed copy is stale.
 */
export const generatedFiles: readonly GeneratedFile[] = [
  { path: 'src/message/ContactProcessed.generated.ts', render: generateTypes },
  { path: 'src/message/validators.generated.ts', render: generateValidatorCode },
  { path: 'schema/openapi.json', render: () => asJson(generateOpenApi()) },
  { path: 'schema/asyncapi.json', render: () => asJson(generateAsyncApi()) },
  {
    path: FIELD_TABLE_FILE,
    render: () =>
      withFieldTable(readFileSync(new URL(`../../${FIELD_TABLE_FILE}`, import.meta.url), 'utf8')),
  },
];

function asJson(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
