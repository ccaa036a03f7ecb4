import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './generatedFiles.js';

/** `npm run generate`: writes every generated file of the repository. */
const root = fileURLToPath(new URL('../../', import.meta.url));
for (const file of generatedFiles) {
  await writeFile(root + file.path, await file.render());
  process.stdout.write(`wrote ${file.path}\n`);
}
