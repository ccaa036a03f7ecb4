import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../src/codegen/generatedFiles.js';
import { contactProcessedSchema } from '../../src/message/schema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('generated files', () => {
  it('lists (at least) the types and the standalone validator, each path once', () => {
    const paths = generatedFiles.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'src/message/ContactProcessed.generated.ts',
        'src/message/validators.generated.ts',
      ]),
    );
    expect(new Set(paths).size).toBe(paths.length);
  });

  it.each(generatedFiles.filter((f) => f.path.endsWith('.ts')).map((f) => f.path))(
    '%s carries the do-not-edit header',
    async (path) => {
      const committed = await readFile(root + path, 'utf8');
      expect(committed.startsWith('/* eslint-disable */\n// @generated')).toBe(true);
      expect(committed).toContain('DO NOT EDIT');
    },
  );

  it.each(generatedFiles.map((f) => [f.path, f] as const))(
    '%s is not stale (run `npm run generate` if this fails)',
    async (path, file) => {
      const committed = await readFile(root + path, 'utf8');
      expect(await file.render()).toBe(committed);
    },
    60_000,
  );

  it('the standalone validator needs no require() (ESM, no ajv at run time)', async () => {
    const code = await readFile(`${root}src/message/validators.generated.ts`, 'utf8');
    expect(code).not.toContain('require(');
    expect(code).toMatch(/export const validateBody\b/);
    expect(code).toMatch(/export const validateEnvelope\b/);
  });

  it(
    'the generated type names every field with its JSDoc and marks exactly the mandatory ones ' +
      'as required',
    async () => {
      const types = await readFile(`${root}src/message/ContactProcessed.generated.ts`, 'utf8');
      for (const [field, node] of Object.entries(contactProcessedSchema.properties ?? {})) {
        const mandatory = contactProcessedSchema.required?.includes(field) === true;
        expect(types, field).toMatch(new RegExp(`\\b${field}${mandatory ? '' : '\\?'}: `));
        expect(types, field).toContain(String(node.description).slice(0, 40));
      }
      expect(types).toContain('Known values: 0 Ok, 1 Transferred');
      // GUID and timestamp fields are plain strings with the format in their own JSDoc, not aliases
      // named after a title.
      expect(types).toMatch(/\bGSW_MESSAGE_GUID: string;/);
      expect(types).toMatch(/Format: Unix epoch seconds[^\n]*\n\s*\*\/\n\s*GSW_TIMESTAMP: string;/);
      expect(types).not.toMatch(/^export type /m);
    },
  );
});
