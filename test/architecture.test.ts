/**
 * The layering CONTRIBUTING.md draws is the layering the imports show: a folder of src/ imports only
 * from its own layer's lower neighbours, never upwards, and the folders form no cycle. Read from the
 * source files themselves (static and dynamic relative imports), so a new import that breaks the
 * layering fails here, naming the file and the import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));

/** Bottom to top; a folder (or top-level file) may import from its own layer and every layer below. */
const LAYERS: readonly (readonly string[])[] = [
  ['assumptions.ts', 'util', 'errors'],
  ['message'],
  ['retry', 'http', 'report', 'record'],
  ['sender', 'receiver', 'scenarios', 'redis'],
  ['pact'],
  ['checks'],
  ['msw', 'demo', 'codegen'],
  ['cli', 'index.ts', 'msw.ts', 'pact.ts', 'proxy.ts', 'redis.ts'],
];

const layerOf = (unit: string) => LAYERS.findIndex((layer) => layer.includes(unit));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The top folder (or top-level file) of src/ a path belongs to. */
const unitOf = (path: string) => relative(src, path).split('/')[0]!;

interface Import {
  readonly file: string;
  readonly specifier: string;
  readonly from: string;
  readonly to: string;
}

const imports: Import[] = sourceFiles(src).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((match) => {
    const specifier = match[1]!;
    const target = normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts');
    return { file: relative(src, file), specifier, from: unitOf(file), to: unitOf(target) };
  });
});

describe('the layering of src/', () => {
  it('reads the imports (the check can see them)', () => {
    expect(imports.length).toBeGreaterThan(200);
    expect(imports.some((i) => i.from === 'checks' && i.to === 'scenarios')).toBe(true);
  });

  it('places every folder and top-level file of src/ in a layer', () => {
    const units = readdirSync(src).filter((name) => name !== 'tsconfig.json');
    expect(units.filter((unit) => layerOf(unit) < 0)).toEqual([]);
  });

  it('never imports upwards', () => {
    const upwards = imports
      .filter((i) => layerOf(i.to) > layerOf(i.from))
      .map((i) => `${i.file} imports ${i.specifier} (${i.from} is below ${i.to})`);
    expect(upwards).toEqual([]);
  });

  it('has no cycle between folders of the same layer', () => {
    const edges = new Set(imports.filter((i) => i.from !== i.to).map((i) => `${i.from}>${i.to}`));
    const cycles = [...edges]
      .filter((edge) => edges.has(edge.split('>').reverse().join('>')))
      .map((edge) => edge.replace('>', ' and '));
    expect(cycles).toEqual([]);
  });
});
