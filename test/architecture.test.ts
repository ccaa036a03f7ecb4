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
  ['retry', 'http', 'report', 'record', 'ocs'],
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

/** The entry points of the package (package.json's exports and bin), and the worker Pact's Verifier runs in. */
const ENTRIES = [
  'index.ts',
  'msw.ts',
  'pact.ts',
  'proxy.ts',
  'redis.ts',
  'cli/main.ts',
  'pact/verifierWorker.ts',
];

/** Every file an entry point reaches through its imports, static, dynamic or type-only. */
function reachable(): Set<string> {
  const seen = new Set<string>();
  const next = ENTRIES.map((entry) => join(src, entry));
  while (next.length > 0) {
    const file = next.pop()!;
    const key = relative(src, file);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const i of imports.filter((i) => i.file === key))
      next.push(normalize(join(dirname(file), i.specifier)).replace(/\.js$/, '.ts'));
  }
  return seen;
}

describe('what src/ ships', () => {
  it('holds only code an entry point reaches (codegen, excluded from the build, aside)', () => {
    const shipped = reachable();
    const orphans = sourceFiles(src)
      .map((file) => relative(src, file))
      .filter((file) => !shipped.has(file) && !file.startsWith('codegen/'));
    expect(orphans).toEqual([]);
    expect(shipped.has('pact/contactProcessedMatchers.ts')).toBe(true);
  });

  it('takes every entry point of package.json (exports and bin) as an entry', () => {
    const manifest = JSON.parse(readFileSync(join(src, '../package.json'), 'utf8')) as {
      exports: Record<string, string | { default?: string }>;
      bin: Record<string, string>;
    };
    const built = [
      ...Object.values(manifest.exports).map((e) => (typeof e === 'string' ? e : e.default)),
      ...Object.values(manifest.bin),
    ].filter((file): file is string => file !== undefined && /^\.?\/?dist\/.*\.js$/.test(file));
    const sources = built.map((file) => file.replace(/^\.?\/?dist\//, '').replace(/\.js$/, '.ts'));
    expect(sources).toContain('redis.ts');
    expect(sources.filter((file) => !ENTRIES.includes(file))).toEqual([]);
  });

  it('builds without codegen: the generators run from source (npm run generate), never from dist/', () => {
    const config = JSON.parse(readFileSync(join(src, 'tsconfig.json'), 'utf8')) as {
      exclude?: string[];
    };
    expect(config.exclude).toContain('codegen');
    expect([...reachable()].filter((file) => file.startsWith('codegen/'))).toEqual([]);
  });
});

/**
 * What loading `entry` loads at once: its static imports that are values (`import type` and
 * `export type` are erased), followed; a dynamic `import()` waits for the code that calls it.
 */
function loadedWith(entry: string): Set<string> {
  const seen = new Set<string>();
  const next = [entry];
  while (next.length > 0) {
    const key = next.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = readFileSync(join(src, key), 'utf8');
    for (const m of text.matchAll(/^(?:import|export) (?!type )[^;]*? from '(\.{1,2}\/[^']+)'/gm))
      next.push(relative(src, normalize(join(src, dirname(key), m[1]!)).replace(/\.js$/, '.ts')));
  }
  return seen;
}

/** The optional peer dependencies a file loads as values. */
const peersLoadedBy = (file: string) =>
  [
    ...readFileSync(join(src, file), 'utf8').matchAll(
      /^import (?!type )[^;]*? from '([^.'][^']*)'/gm,
    ),
  ]
    .map((m) => m[1]!)
    .filter((name) => OPTIONAL_PEERS.some((peer) => name === peer || name.startsWith(`${peer}/`)));

const OPTIONAL_PEERS = Object.keys(
  (
    JSON.parse(readFileSync(join(src, '../package.json'), 'utf8')) as {
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    }
  ).peerDependenciesMeta,
);

describe('the optional peers', () => {
  it('are msw, Pact and ioredis, each optional', () => {
    expect(OPTIONAL_PEERS.sort()).toEqual(['@pact-foundation/pact', 'ioredis', 'msw']);
  });

  it('are loaded by their own entry only: the root, the proxy and the CLI start without any', () => {
    for (const entry of ['index.ts', 'proxy.ts', 'cli/main.ts'])
      expect([...loadedWith(entry)].flatMap(peersLoadedBy), entry).toEqual([]);
    expect([...loadedWith('redis.ts')].flatMap(peersLoadedBy)).toContain('ioredis');
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
