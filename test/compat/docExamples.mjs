// The documentation's code examples as a project of their own, for the compatibility run
// (test/compat/run.sh): every TypeScript and JavaScript block of README.md and docs/*.md written as
// a file, as a user would paste it, with the stand-ins test/readme.test.ts gives the reader's own
// modules (test/readme-support/, importing `cpn-kit` by name instead of the sources), and a
// tsconfig.json with the kit's own compiler settings, so that `tsc --noEmit` type-checks every
// example against the packed kit and the peers installed beside it.
//
//   node docExamples.mjs deps REPO            the devDependencies the examples import (name@range)
//   node docExamples.mjs write REPO DIR       writes DIR/examples/*, DIR/readme-support/*, DIR/tsconfig.json
//   node docExamples.mjs routes REPO DIR      the vitest examples with a route (msw, checkReceiver,
//                                             verifier), and each fault's variant, one per line:
//                                             ROUTE<TAB>FILE<TAB>EXPECTED (EXPECTED empty: must pass)
//   node docExamples.mjs fails FILE EXPECTED  runs the vitest example FILE (in the current folder),
//                                             which must fail, its output matching the regex EXPECTED
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [command, repo, dir] = process.argv.slice(2);

/** What the examples import beyond cpn-kit and the peers: the repository's own ranges. */
const EXAMPLE_DEPENDENCIES = [
  'typescript',
  'vitest',
  '@types/node',
  'express',
  '@types/express',
  'fastify',
  'ioredis',
];

const documents = () => [
  'README.md',
  ...readdirSync(join(repo, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

/** The ts and js blocks of a document, with the line each starts on. */
function blocks(file) {
  const markdown = readFileSync(join(repo, file), 'utf8');
  const found = [];
  const pattern = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let match = pattern.exec(markdown); match !== null; match = pattern.exec(markdown)) {
    const info = match[1].trim();
    if (info !== 'ts' && info !== 'js') continue;
    const line = markdown.slice(0, match.index).split('\n').length;
    found.push({ file, info, code: match[2], line });
  }
  return found;
}

const standIns = () =>
  Object.entries(
    JSON.parse(readFileSync(join(repo, 'test/readme-support/standIns.json'), 'utf8')),
  ).map(([from, to]) => [`'${from}'`, `'${to}'`]);

const isVitest = (block) => /from 'vitest'/.test(block.code);
const routeOf = (code) =>
  /\breceiverVerifierOptions\(/.test(code)
    ? 'verifier'
    : /\bcheckReceiver\(/.test(code)
      ? 'checkReceiver'
      : /\bscenarioHandlers\(/.test(code)
        ? 'msw'
        : undefined;

function fileName(block, variant = '') {
  const stem = `${block.file}-line-${block.line}${variant ? `-${variant}` : ''}`.replace(
    /\W+/g,
    '-',
  );
  if (isVitest(block)) return `${stem}.test.ts`;
  if (block.info === 'js') return /\brequire\(/.test(block.code) ? `${stem}.cjs` : `${stem}.mjs`;
  return `${stem}.mts`;
}

const replaced = (code, pairs) =>
  pairs.reduce((text, [from, to]) => text.replaceAll(from, to), code);

function write() {
  mkdirSync(join(dir, 'examples'), { recursive: true });
  mkdirSync(join(dir, 'readme-support'), { recursive: true });
  const pairs = standIns();
  let count = 0;
  for (const block of documents().flatMap(blocks)) {
    writeFileSync(join(dir, 'examples', fileName(block)), replaced(block.code, pairs));
    count += 1;
  }
  // The stand-ins import the kit's sources in the repository; here, the packed kit by name.
  const support = join(repo, 'test/readme-support');
  for (const file of readdirSync(support).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(support, file), 'utf8');
    writeFileSync(
      join(dir, 'readme-support', file),
      text.replace(/from '(?:\.\.\/)+src\/[^']*'/g, "from 'cpn-kit'"),
    );
  }
  const { compilerOptions } = JSON.parse(readFileSync(join(repo, 'tsconfig.json'), 'utf8'));
  const tsconfig = {
    compilerOptions: { ...compilerOptions, noEmit: true, allowJs: true, checkJs: true },
    include: ['examples', 'readme-support'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  console.log(`${count} examples written to ${join(dir, 'examples')}`);
}

/** Each vitest example with a route, and a variant of it per fault of its route. */
function routes() {
  const pairs = standIns();
  const faults = JSON.parse(readFileSync(join(repo, 'test/readme-support/faults.json'), 'utf8'));
  const lines = [];
  for (const block of documents().flatMap(blocks).filter(isVitest)) {
    const route = routeOf(block.code);
    if (route === undefined) continue;
    lines.push([route, `examples/${fileName(block)}`, '']);
    for (const fault of faults.filter((f) => f.route === route)) {
      const variant = fileName(block, fault.module);
      const code = replaced(block.code, [
        ...pairs.filter(([from]) => from !== `'${fault.replaces}'`),
        [`'${fault.replaces}'`, `'../readme-support/${fault.module}.js'`],
      ]);
      writeFileSync(join(dir, 'examples', variant), code);
      lines.push([route, `examples/${variant}`, fault.expected]);
    }
  }
  for (const line of lines) console.log(line.join('\t'));
}

/** A faulty variant must fail, saying what the fault is. */
function fails(file, expected) {
  const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', file], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const output = `${run.stdout}${run.stderr}`;
  const problem =
    run.status === 0
      ? 'it passed'
      : /Test timed out in \d+ms/.test(output)
        ? 'it timed out (a failure, but not the one the fault must cause)'
        : !new RegExp(expected).test(output)
          ? `its output does not match /${expected}/`
          : undefined;
  if (problem === undefined) return console.log(`${file} failed, as it must: /${expected}/ found`);
  console.log(output);
  console.error(`${file} must fail on its fault, but ${problem}`);
  process.exit(1);
}

if (command === 'deps') {
  const { devDependencies } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  console.log(EXAMPLE_DEPENDENCIES.map((name) => `${name}@${devDependencies[name]}`).join(' '));
} else if (command === 'write') write();
else if (command === 'routes') routes();
else if (command === 'fails') fails(process.argv[3], process.argv[4]);
else {
  console.error('usage: node docExamples.mjs deps|write|routes REPO [DIR], or fails FILE EXPECTED');
  process.exit(2);
}
