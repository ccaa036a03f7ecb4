/**
 * The documentation's code blocks, and how one is run as a user would run it: what the documentation
 * tests share (readme.test.ts runs every example and checks the shell blocks and links;
 * docsRoutes.test.ts runs the in-test routes against faulty apps and senders).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const root = fileURLToPath(new URL('../..', import.meta.url));

/** The documents whose examples are run and checked, relative to the repository root. */
export const documents = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(`${root}docs`)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

/**
 * Modules the examples import from the reader's own code base, and the stand-ins the test gives
 * them (the example is otherwise run verbatim): `test/readme-support/standIns.json`, which the
 * compatibility run (test/compat/run.sh) uses too.
 */
export const standIns: Record<string, string> = Object.fromEntries(
  Object.entries(
    JSON.parse(readFileSync(`${root}test/readme-support/standIns.json`, 'utf8')) as Record<
      string,
      string
    >,
  ).map(([from, to]) => [`'${from}'`, `'${to}'`]),
);

/** The in-test routes of the documentation, by the judge a block calls. */
export type Route = 'checkReceiver' | 'verifier' | 'msw';

/**
 * The reader's own module put in place by one with a fault (`test/readme-support/faults.json`, which
 * the compatibility run uses too): each route that can see the fault must fail on it, its output
 * matching `expected`. `checkReceiver` is the kit's own judge; `verifier` is Pact's Verifier set up by
 * `receiverVerifierOptions`, which proves the contract only (a receiver that acknowledges garbage
 * passes it, as docs/receiver.md says); `msw` is the sender's scenarios in-process.
 */
export const faults = (
  JSON.parse(readFileSync(`${root}test/readme-support/faults.json`, 'utf8')) as {
    route: Route;
    module: string;
    replaces: string;
    expected: string;
  }[]
).map((fault) => ({ ...fault, expected: new RegExp(fault.expected) }));

/** Which in-test route a block is, by the judge it calls. */
export const routeOf = (code: string): Route | undefined =>
  /\breceiverVerifierOptions\(/.test(code)
    ? 'verifier'
    : /\bcheckReceiver\(/.test(code)
      ? 'checkReceiver'
      : /\bscenarioHandlers\(/.test(code)
        ? 'msw'
        : undefined;

export interface Block {
  readonly file: string;
  readonly info: string;
  readonly code: string;
  readonly line: number;
}

function codeBlocks(file: string, markdown: string): Block[] {
  const blocks: Block[] = [];
  const pattern = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let match = pattern.exec(markdown); match !== null; match = pattern.exec(markdown)) {
    blocks.push({
      file,
      info: match[1]!.trim(),
      code: match[2]!,
      line: markdown.slice(0, match.index).split('\n').length,
    });
  }
  return blocks;
}

export const texts = new Map(documents.map((file) => [file, readFileSync(root + file, 'utf8')]));
export const blocks = documents.flatMap((file) => codeBlocks(file, texts.get(file)!));
export const runnable = blocks.filter((b) => b.info === 'ts' || b.info === 'js');
export const shBlocks = blocks.filter((b) => b.info === 'sh' || b.info === 'console');
export const where = (b: { file: string; line: number }) => `${b.file} line ${b.line}`;

/**
 * Runs a code block as a user would (vitest blocks through vitest, TypeScript with tsx, JavaScript
 * with node), its imports of the reader's own modules replaced by `replacements` (`variant` names
 * that set in the file name), written to `workDir` (a folder of test/, beside test/readme-support); whether
 * it succeeded, and what it printed.
 */
export async function runBlock(
  block: Block,
  replacements: Readonly<Record<string, string>>,
  variant = '',
  env: Readonly<Record<string, string>> = {},
  workDir = `${root}test/readme-examples/`,
): Promise<{ ok: boolean; stdout: string; output: string }> {
  mkdirSync(workDir, { recursive: true });
  const isVitest = /from 'vitest'/.test(block.code);
  const isCommonJs = block.info === 'js' && /\brequire\(/.test(block.code);
  const name = `${block.file}-line-${block.line}-${variant}`.replace(/\W+/g, '-').replace(/-$/, '');
  const extension = isVitest
    ? '.test.ts'
    : isCommonJs
      ? '.cjs'
      : block.info === 'js'
        ? '.mjs'
        : '.mts';
  const file = `${workDir}${name}${extension}`;
  writeFileSync(
    file,
    Object.entries(replacements).reduce(
      (code, [from, to]) => code.replaceAll(from, to),
      block.code,
    ),
  );
  const args = isVitest
    ? [
        `${root}node_modules/vitest/vitest.mjs`,
        'run',
        '--root',
        root,
        '--dir',
        relative(root, workDir),
        file,
      ]
    : block.info === 'ts'
      ? ['--import', 'tsx', file]
      : [file];
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd: root,
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    return { ok: true, stdout, output: `${stdout}\n${stderr}` };
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return { ok: false, stdout: stdout ?? '', output: `${stdout ?? ''}\n${stderr ?? ''}` };
  }
}
