/**
 * Errors live in one place: every error class of src/ is a file of src/errors/ that extends CpnError
 * (nothing else in src/ extends Error), and docs/api.md names exactly the codes CpnErrorCode allows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const classes = sourceFiles(src).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/export class (\w+) extends (\w+)/g)].map((m) => ({
    file: relative(src, file),
    name: m[1]!,
    base: m[2]!,
  })),
);

describe('errors in one place', () => {
  it('every error class is a file of src/errors/ named after it, extending CpnError', () => {
    const errors = classes.filter((c) => c.base === 'Error' || c.base === 'CpnError');
    expect(errors.length).toBeGreaterThanOrEqual(8);
    expect(errors.filter((c) => c.base === 'Error').map((c) => c.name)).toEqual(['CpnError']);
    for (const error of errors) expect(error.file).toBe(`errors/${error.name}.ts`);
  });

  it('docs/api.md names exactly the codes a CpnError can carry', () => {
    const union = readFileSync(join(src, 'errors/CpnError.ts'), 'utf8');
    const codes = [...new Set(union.match(/'CPN_[A-Z_]+'/g)!.map((c) => c.slice(1, -1)))].sort();
    const api = readFileSync(join(root, 'docs/api.md'), 'utf8');
    const documented = [...new Set(api.match(/CPN_[A-Z_]+/g))].sort();
    expect(codes).toHaveLength(8);
    expect(documented).toEqual(codes);
  });
});
