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
];

/** The document `cpn-kit generate KIND` prints. */
export async function generatedDocument(kind: string): Promise<string> {
  switch (kind) {
    case 'types':
      return generateTypes();
    default:
      throw new Error(`unknown kind "${kind}": expected types`);
  }
}
