/**
 * The public surface is what docs/api.md lists: each entry point exports exactly the names its
 * section of the document names (values and types), so nothing is exported without being documented
 * and nothing documented is missing. Types are read from the entry files' `export` statements;
 * values are also checked on the loaded modules.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** Every name an entry file exports (`export { a, type B } from …`, `export type { C } from …`). */
function exportedNames(entry: string): string[] {
  const text = read(entry);
  return [...text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)]
    .flatMap((match) => match[1]!.split(','))
    .map((name) => name.replace(/^\s*type\s+/, '').trim())
    .filter((name) => name !== '');
}

/** The names docs/api.md lists under a `## \`entry\`` heading: each item's lists of names, each list ending at a colon. */
function documentedNames(entry: string): string[] {
  const document = read('docs/api.md');
  const start = document.indexOf(`## \`${entry}\`\n`);
  expect(start, `docs/api.md has a section for ${entry}`).toBeGreaterThanOrEqual(0);
  const end = document.indexOf('\n## ', start + 1);
  const section = document.slice(start, end < 0 ? undefined : end);
  return section
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .flatMap((line) => {
      // `- \`a\`, \`B\` (types): what they are; \`c\`: what it is — links`: the lists before a colon.
      const lists = line
        .slice(2)
        .split(' — ')[0]!
        .matchAll(/(?:^|; )((?:`[^`]+`(?: \(types?\))?(?:, )?)+):/g);
      return [...lists].flatMap((list) =>
        [...list[1]!.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!),
      );
    });
}

const entries = [
  { entry: 'cpn-kit', file: 'src/index.ts', load: () => import('../src/index.js') },
  { entry: 'cpn-kit/msw', file: 'src/msw.ts', load: () => import('../src/msw.js') },
  { entry: 'cpn-kit/pact', file: 'src/pact.ts', load: () => import('../src/pact.js') },
  { entry: 'cpn-kit/proxy', file: 'src/proxy.ts', load: () => import('../src/proxy.js') },
  { entry: 'cpn-kit/redis', file: 'src/redis.ts', load: () => import('../src/redis.js') },
];

describe('the public API is what docs/api.md lists', () => {
  it.each(entries)(
    '$entry exports exactly the names of its section',
    async ({ entry, file, load }) => {
      const exported = exportedNames(file).sort();
      const documented = [...new Set(documentedNames(entry))].sort();
      expect(exported.length).toBeGreaterThan(0);
      const undocumented = exported.filter((name) => !documented.includes(name));
      const notExported = documented.filter((name) => !exported.includes(name));
      expect({ undocumented, notExported }).toEqual({ undocumented: [], notExported: [] });
      const values = Object.keys(await load());
      expect(values.filter((name) => !exported.includes(name))).toEqual([]);
    },
  );

  it('keeps the root small: no DEFAULT_* constants (they are fields of `assumptions`)', () => {
    const names = exportedNames('src/index.ts');
    expect(names.filter((name) => name.startsWith('DEFAULT_'))).toEqual([]);
    expect(names.length).toBeLessThanOrEqual(80);
  });
});
