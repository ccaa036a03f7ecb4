/**
 * Every code example of the documentation runs here: README.md, CONTRIBUTING.md and every
 * docs/*.md. TypeScript blocks run as a user would run them (importing `cpn-kit` by name, which
 * resolves to this package's build), vitest blocks through vitest, JavaScript blocks with node
 * (`require('cpn-kit')` as a CommonJS file); the shell blocks are parsed against the real CLI: every
 * `cpn-kit` command, flag and required option they use exists. Relative links must reach a file,
 * and a `#fragment` a heading of it. Two of the vitest examples are tests the issues ask for: Pact's
 * Verifier passing the reference receiver against contracts/, and a fetch-based sender passing the
 * MSW scenarios. The examples of `cpn-kit/redis` run against a redis-server started here (REDIS_URL).
 * The in-test routes run against faulty apps and senders in docsRoutes.test.ts, side by side with this.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import {
  documents,
  root,
  runBlock,
  runnable,
  shBlocks,
  standIns,
  texts,
  where,
  type Block,
} from './readme-support/docBlocks.js';
import { redisMissing, startRedisServer, type RedisServer } from './support/redisServer.js';
import { needing } from './support/requirement.js';

const workDir = `${root}test/readme-examples/`;

let redis: Promise<RedisServer> | undefined;
/** The redis-server the examples of cpn-kit/redis share, started when the first needs it. */
const redisForExamples = () => (redis ??= startRedisServer());

afterAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  await (await redis)?.stop();
});

describe('documentation code examples', () => {
  it('has examples to run', () => {
    expect(runnable.length).toBeGreaterThan(0);
  });

  for (const block of runnable) {
    const isVitest = /from 'vitest'/.test(block.code);
    // An example of cpn-kit/redis runs against a redis-server of its own, at REDIS_URL.
    const needsRedis = /from 'cpn-kit\/redis'/.test(block.code);
    const runs = needsRedis ? needing(redisMissing) : { it };
    runs.it(
      `runs the example at ${where(block)}${isVitest ? ' (a vitest test)' : ''}`,
      async () => {
        const env: Record<string, string> = needsRedis
          ? { REDIS_URL: (await redisForExamples()).url }
          : {};
        const result = await runBlock(block, standIns, '', env);
        if (!result.ok) throw new Error(`${where(block)} failed:\n${result.output}`);
        if (!isVitest) expectShownOutput(block, result.stdout);
      },
      150_000,
    );
  }
});

/**
 * What an example says it prints: the comment after each `console.log(…)` on its line, or else the
 * comment lines right below it (`…` or `...` for any text, `PORT` for a port number). An example that prints
 * without saying what is refused: printing proves nothing unless the output is checked.
 */
function shownOutput(block: Block): { readonly line: string; readonly shown: string[] }[] {
  const lines = block.code.split('\n');
  return lines.flatMap((line, index) => {
    if (!line.includes('console.log(')) return [];
    const own = /\)[;,]?\s*\/\/ (.+)$/.exec(line)?.[1];
    if (own !== undefined) return [{ line: line.trim(), shown: [own] }];
    const below: string[] = [];
    for (const next of lines.slice(index + 1)) {
      const comment = /^\s*\/\/ (.+)$/.exec(next)?.[1];
      if (comment === undefined) break;
      below.push(comment);
    }
    return [{ line: line.trim(), shown: below }];
  });
}

/** The shown lines must be printed, in that order, each as a whole line of standard output. */
function expectShownOutput(block: Block, stdout: string): void {
  const printed = stdout.split('\n').map((l) => l.trimEnd());
  let from = 0;
  for (const { line, shown } of shownOutput(block)) {
    expect(
      shown.length,
      `${where(block)}: "${line}" prints without saying what (add // output)`,
    ).toBeGreaterThan(0);
    for (const text of shown) {
      const pattern = new RegExp(
        `^\\s*${text
          .trim()
          .split(/(…|\.\.\.|PORT)/)
          .map((part) =>
            part === '…' || part === '...'
              ? '.*'
              : part === 'PORT'
                ? '\\d+'
                : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
          )
          .join('')}$`,
      );
      const at = printed.findIndex((p, i) => i >= from && pattern.test(p));
      expect(
        at,
        `${where(block)}: "${text}" is not what it printed:\n${stdout}`,
      ).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
  }
}

/** Shell words of a command line: quotes removed, `;`, `|`, `&` and `&&` as their own words, comments dropped. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      word = (word ?? '') + line.slice(i + 1, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      break;
    } else if (';|&'.includes(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      words.push(';');
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

interface CommandUse {
  readonly at: string;
  readonly line: string;
  readonly args: readonly string[];
}

/**
 * Every `cpn-kit …` invocation in a command line, also those inside a quoted argument (`--exec 'npx
 * cpn-kit send …'`).
 */
function cpnKitUses(line: string, at: string): CommandUse[] {
  const words = shellWords(line);
  const uses: CommandUse[] = [];
  for (const word of words.filter((w) => /(?:^|\s)cpn-kit\s/.test(w)))
    uses.push(...cpnKitUses(word, at));
  let simple: string[] = [];
  for (const word of [...words, ';']) {
    if (word !== ';') {
      simple.push(word);
      continue;
    }
    const firstWord = simple.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)); // after VAR=value prefixes
    const program = firstWord < 0 ? [] : simple.slice(firstWord);
    const start = program[0] === 'npx' ? 1 : 0;
    if (program[start] === 'cpn-kit' && program.length > start + 1)
      uses.push({ at, line, args: program.slice(start + 1) });
    simple = [];
  }
  return uses;
}

/** The command lines of a shell block (every line of `sh`, the `$ ` lines of `console`), continuations joined. */
function commandLines(block: Block): string[] {
  const lines: string[] = [];
  let pending: string | undefined;
  for (const raw of block.code.split('\n')) {
    if (pending === undefined && block.info === 'console' && !raw.startsWith('$ ')) continue;
    const text = pending === undefined && block.info === 'console' ? raw.slice(2) : raw;
    const joined = pending === undefined ? text : `${pending} ${text.trim()}`;
    if (/\\$/.test(joined)) pending = joined.slice(0, -1);
    else {
      lines.push(joined);
      pending = undefined;
    }
  }
  return lines;
}

/** Values of the shape the kit (per-scenario `--exec` runs) or a CI sets these variables to, so flag values parse. */
const SAMPLE_VARIABLES: Record<string, string> = {
  CPN_URL: 'http://127.0.0.1:8080/s/ok-200',
  CPN_MESSAGE: '/tmp/message.json',
  CPN_COUNT: '1',
  CPN_RETRY_MAX_ATTEMPTS: '3',
  CPN_RESPONSE_TIMEOUT: '10',
  PACT_BROKER_BASE_URL: 'https://broker.example',
  CI_TOKEN: 'token',
};

function expandVariables(word: string): string {
  return word.replace(
    /\$\{?([A-Z_]+)\}?/g,
    (whole, name: string) => SAMPLE_VARIABLES[name] ?? whole,
  );
}

describe('documentation shell examples', () => {
  const uses = shBlocks.flatMap((b) =>
    commandLines(b).flatMap((line) => cpnKitUses(line, where(b))),
  );

  it('use cpn-kit commands', () => {
    expect(uses.length).toBeGreaterThan(3);
  });

  it.each(
    documents.filter((file) =>
      shBlocks.some(
        (b) => b.file === file && commandLines(b).some((line) => cpnKitUses(line, '').length > 0),
      ),
    ),
  )(
    'in %s use only cpn-kit commands and flags that exist, with their required options and arguments',
    async (file) => {
      // The program is built with commander; parse every `cpn-kit …` use against a fresh copy of it.
      const { createProgram } = (await import('../src/cli/program.js')) as {
        createProgram: () => Command;
      };
      for (const { at, line, args } of uses.filter((u) => u.at.startsWith(`${file} `))) {
        const [name, ...rest] = args.map(expandVariables);
        const command = createProgram().commands.find((c) => c.name() === name);
        expect(command, `${at}: unknown command in "${line}"`).toBeDefined();
        command!.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
        let parsed: { operands: string[]; unknown: string[] };
        try {
          parsed = command!.parseOptions(rest);
        } catch (error) {
          throw new Error(`${at}: ${name}: ${(error as Error).message} in "${line}"`);
        }
        const unknown = parsed.unknown.filter((w) => w !== '--help' && w !== '-h');
        expect(
          unknown[0],
          `${at}: ${name} has no option ${unknown[0]} ("${line}")`,
        ).toBeUndefined();
        if (parsed.unknown.length > 0) continue; // help asked for: nothing else is needed
        for (const option of command!.options.filter((o) => o.mandatory)) {
          expect(
            command!.getOptionValue(option.attributeName()),
            `${at}: ${name} needs ${option.long} ("${line}")`,
          ).toBeDefined();
        }
        command!.registeredArguments.forEach((argument, index) => {
          if (argument.required)
            expect(
              parsed.operands.length,
              `${at}: ${name} needs <${argument.name()}> ("${line}")`,
            ).toBeGreaterThan(index);
          const value = parsed.operands[index];
          if (argument.argChoices !== undefined && value !== undefined)
            expect(argument.argChoices, `${at}: ${name} <${argument.name()}>`).toContain(value);
        });
      }
    },
  );

  it(
    "README.md's block for a clone of the repository runs the tests with exactly `npm test` " +
      '(what .ci/run calls)',
    () => {
      expect(
        shBlocks.some((b) => b.file === 'README.md' && b.code.split('\n').includes('npm test')),
      ).toBe(true);
    },
  );
});

/** package.json's `files`: what `npm pack` ships (package.json itself always ships). */
const packageFiles = (
  JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { files: readonly string[] }
).files;

/** Whether a path relative to the repository root is in the package. */
function inPackage(path: string): boolean {
  if (path === 'package.json') return true;
  return packageFiles.some((entry) => {
    if (!entry.includes('*')) return path === entry || path.startsWith(`${entry}/`);
    const pattern = entry
      .split('**/')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
      .join('(?:.*/)?');
    return new RegExp(`^${pattern}$`).test(path);
  });
}

/** The documents a user gets in the package (node_modules/cpn-kit), which must stand on their own. */
const shipped = documents.filter((file) => file === 'README.md' || file.startsWith('docs/'));

/** A path of the repository that is not shipped: the tests, sources, examples, CI, contributor guide. */
const REPOSITORY_ONLY =
  /(?<![\w/.-])(?:\.\/)?(?:test|src|examples|\.ci)\/[\w./*-]+|CONTRIBUTING\.md/g;

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  for (const [, heading] of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const text = heading!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    result.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return result;
}

describe('documentation links', () => {
  it.each(documents)(
    'every relative link of %s reaches a file, and its #fragment a heading',
    (file) => {
      const prose = texts
        .get(file)!
        .replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')
        .replace(/`[^`\n]*`/g, '');
      const broken: string[] = [];
      for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue;
        const [path, fragment] = target!.split('#') as [string, string | undefined];
        const resolved = path === '' ? file : normalize(join(dirname(file), path));
        if (
          relative(root, join(root, resolved)).startsWith('..') ||
          !existsSync(join(root, resolved))
        ) {
          broken.push(`${target}: no file ${resolved}`);
          continue;
        }
        if (
          fragment !== undefined &&
          resolved.endsWith('.md') &&
          !anchors(readFileSync(join(root, resolved), 'utf8')).has(fragment)
        ) {
          broken.push(`${target}: no heading #${fragment} in ${resolved}`);
        }
      }
      expect(broken).toEqual([]);
    },
  );

  it.each(shipped)('%s ships in the package, and links only to files that ship with it', (file) => {
    expect(inPackage(file), `${file} is not in package.json's "files"`).toBe(true);
    const prose = texts
      .get(file)!
      .replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')
      .replace(/`[^`\n]*`/g, '');
    const outside = [...prose.matchAll(/\]\(([^)\s#]+)(?:#[^)\s]*)?\)/g)]
      .map(([, target]) => target!)
      .filter((target) => !/^[a-z]+:/i.test(target))
      .map((target) => normalize(join(dirname(file), target)))
      .filter((resolved) => !inPackage(resolved));
    expect(outside).toEqual([]);
  });

  it('package.json says where the repository, its home page and its issue tracker are', () => {
    // A reader of the package finds CONTRIBUTING.md, the tests and the examples through these.
    const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
      repository?: { type?: string; url?: string };
      homepage?: string;
      bugs?: { url?: string };
    };
    const repository = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(
      manifest.repository?.url ?? '',
    )?.[1];
    expect(manifest.repository?.type).toBe('git');
    expect(repository, 'repository.url: git+https://github.com/OWNER/NAME.git').toBeDefined();
    expect(manifest.homepage).toBe(`${repository}#readme`);
    expect(manifest.bugs?.url).toBe(`${repository}/issues`);
  });

  it.each(shipped.filter((file) => file.startsWith('docs/')))(
    '%s names no file of the repository that is not in the package (a reader has the package only)',
    (file) => {
      const named = [...texts.get(file)!.matchAll(REPOSITORY_ONLY)].map((m) => m[0]);
      expect(named).toEqual([]);
    },
  );
});
