/**
 * Every code example in the README runs here: TypeScript blocks as a user would run them (importing
 * `cpn-kit` by name, which resolves to this package's build), vitest blocks through vitest, and the
 * shell blocks are checked against the real CLI: every `cpn-kit` command and flag they use exists.
 * Two of the README's vitest examples are tests the issues ask for: Pact's Verifier passing the
 * reference receiver against contracts/, and a fetch-based sender passing the MSW scenarios.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const workDir = `${root}test/readme-examples/`;

/**
 * Modules the README's examples import from the reader's own code base, and the stand-ins the test
 * gives them (the example is otherwise run verbatim).
 */
const standIns: Record<string, string> = {
  "'./notifyCrm.js'": "'../readme-support/notifyCrm.js'",
};

interface Block {
  readonly info: string;
  readonly code: string;
  readonly line: number;
}

function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const pattern = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let match = pattern.exec(markdown); match !== null; match = pattern.exec(markdown)) {
    blocks.push({ info: match[1]!.trim(), code: match[2]!, line: markdown.slice(0, match.index).split('\n').length });
  }
  return blocks;
}

const blocks = codeBlocks(readme);
const tsBlocks = blocks.filter((b) => b.info === 'ts');
const shBlocks = blocks.filter((b) => b.info === 'sh' || b.info === 'console');

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('README TypeScript examples', () => {
  it('has examples to run', () => {
    expect(tsBlocks.length).toBeGreaterThan(0);
  });

  for (const block of tsBlocks) {
    const isVitest = /from 'vitest'/.test(block.code);
    it(`runs the example at README.md line ${block.line}${isVitest ? ' (a vitest test)' : ''}`, async () => {
      mkdirSync(workDir, { recursive: true });
      const file = `${workDir}example-line-${block.line}${isVitest ? '.test.ts' : '.mts'}`;
      writeFileSync(file, Object.entries(standIns).reduce((code, [from, to]) => code.replaceAll(from, to), block.code));
      const args = isVitest
        ? [`${root}node_modules/vitest/vitest.mjs`, 'run', '--root', root, '--dir', 'test/readme-examples', file]
        : ['--import', 'tsx', file];
      try {
        await run(process.execPath, args, { cwd: root, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
      } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        throw new Error(`README.md line ${block.line} failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
      }
    }, 150_000);
  }
});

describe('README shell examples', () => {
  it('use only cpn-kit commands and flags that exist', async () => {
    // The program is built with commander; parse every `cpn-kit …` line of the README against it.
    process.argv = [process.argv[0]!, 'cpn-kit', '--help'];
    const { createProgram } = (await import('../src/cli/program.js')) as { createProgram: () => Command };
    const program = createProgram();
    const commandLines = (b: Block) => b.code.split('\n').filter((l) => (b.info === 'sh' || l.startsWith('$ ')) && /(?:^\$?\s*|npx\s+)cpn-kit\s+[a-z]/.test(l));
    const uses = shBlocks.flatMap((b) => commandLines(b).map((l) => ({ line: l.replace(/\s+#.*$/, ''), at: b.line })));
    expect(uses.length).toBeGreaterThan(3);
    for (const { line, at } of uses) {
      const words = line.replace(/.*?(?:^\$?\s*|npx\s+)cpn-kit\s+/, '').replace(/[;|&].*$/, '').trim().split(/\s+/);
      const command = program.commands.find((c) => c.name() === words[0]);
      expect(command, `README.md line ${at}: unknown command in "${line}"`).toBeDefined();
      const known = new Set(command!.options.flatMap((o) => [o.long, o.short]).concat(['--help', '-h']));
      for (const flag of words.filter((w) => w.startsWith('-') && w !== '-')) {
        expect(known.has(flag.split('=')[0]!), `README.md line ${at}: ${words[0]} has no option ${flag}`).toBe(true);
      }
    }
  });
});
