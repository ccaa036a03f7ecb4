/**
 * The packed kit installed as a team installs it (`npm install` of the tarball into a fresh project,
 * no peer dependency): small, importable and requirable, its bin working, its optional peers named
 * when a command needs them, its contracts and schema reachable through `exports`, and nothing run
 * at install time.
 */
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../../src/message/fixtures.js';
import {
  describeRun,
  installIntoFreshProject,
  packKit,
  runCommand,
  type CommandResult,
} from './packKit.js';

/** The installed footprint budget (node_modules of a project with only cpn-kit), in KB. */
const BUDGET_KB = 10 * 1024;
const ROOT_EXPORTS = [
  'freshContactProcessed',
  'validateContactProcessed',
  'createSender',
  'checkSender',
  'createReceiver',
];
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

let dir: string;
let install: CommandResult;

beforeAll(async () => {
  ({ dir, install } = await installIntoFreshProject(await packKit()));
}, 300_000);
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const node = (args: string[]) =>
  runCommand(process.execPath, args, { cwd: dir, timeoutMs: 30_000 });
const npx = (args: string[]) =>
  runCommand('npx', ['--no', 'cpn-kit', ...args], { cwd: dir, timeoutMs: 60_000 });

describe('cpn-kit installed from its tarball, without peers', () => {
  it(`takes at most ${BUDGET_KB} KB of node_modules, and no peer is installed`, async () => {
    const du = await runCommand('du', ['-sk', 'node_modules'], { cwd: dir, timeoutMs: 30_000 });
    expect(du.code, describeRun('du', du)).toBe(0);
    const kb = Number(du.stdout.split(/\s/)[0]);
    expect(kb).toBeGreaterThan(0);
    expect(kb, `node_modules is ${kb} KB`).toBeLessThanOrEqual(BUDGET_KB);
    // The optional peers are not installed for you, and build-time tools are not runtime dependencies.
    const installed = await readdir(join(dir, 'node_modules'));
    expect(
      installed.filter((name) =>
        [
          'msw',
          '@pact-foundation',
          'ioredis',
          'ajv',
          'json-schema-to-typescript',
          'typescript',
          'lodash',
        ].includes(name),
      ),
    ).toEqual([]);
  });

  it('import("cpn-kit") gives the root API', async () => {
    const probe =
      `const m = await import('cpn-kit'); ` +
      `console.log(JSON.stringify(${JSON.stringify(ROOT_EXPORTS)}.filter((n) => typeof m[n] !== 'function')));`;
    const run = await node(['--input-type=module', '-e', probe]);
    expect(run.code, describeRun('import', run)).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it(`require("cpn-kit") gives the same API under Node ${process.versions.node}`, async () => {
    const probe =
      `const m = require('cpn-kit'); const msg = m.freshContactProcessed(); ` +
      `console.log(JSON.stringify({ missing: ${JSON.stringify(ROOT_EXPORTS)}.filter((n) => ` +
      `typeof m[n] !== 'function'), valid: m.validateContactProcessed(msg).valid }));`;
    const run = await node(['-e', probe]);
    expect(run.code, describeRun('require', run)).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ missing: [], valid: true });
  });

  it('cpn-kit/proxy loads with no peer installed, by import and by require', async () => {
    const names = JSON.stringify(['startProxy', 'readRecording']);
    const probe = (load: string) =>
      `${load}.then((m) => console.log(JSON.stringify(${names}.filter((n) => typeof m[n] !== 'function'))))`;
    const imported = await node(['--input-type=module', '-e', probe("import('cpn-kit/proxy')")]);
    expect(imported.code, describeRun('import cpn-kit/proxy', imported)).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual([]);
    const required = await node(['-e', probe("Promise.resolve(require('cpn-kit/proxy'))")]);
    expect(required.code, describeRun('require cpn-kit/proxy', required)).toBe(0);
    expect(JSON.parse(required.stdout)).toEqual([]);
  });

  it('ships the contracts and the schema, reachable through exports', async () => {
    const probe = [
      "const http = require('cpn-kit/contracts/ocs-contact-processed-crm-receiver.json');",
      "const message = require('cpn-kit/contracts/crm-receiver-ocs-contact-processed.json');",
      "const schema = require('cpn-kit/schema/contact-processed.schema.json');",
      'console.log(JSON.stringify({ http: [http.consumer.name, http.provider.name, ' +
        'http.interactions.length], message: [message.consumer.name, message.provider.name], schema: schema.$id }));',
    ].join('\n');
    const run = await node(['-e', probe]);
    expect(run.code, describeRun('require contracts', run)).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      http: ['ocs-contact-processed', 'crm-receiver', 10],
      message: ['crm-receiver', 'ocs-contact-processed'],
      schema: 'https://cpn-kit.dev/schema/contact-processed.schema.json',
    });
  });

  it('ships README.md and docs/, every relative link of which reaches a file of the package', async () => {
    const kit = join(dir, 'node_modules', 'cpn-kit');
    const documents = [
      'README.md',
      ...(await readdir(join(kit, 'docs')))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    expect(documents).toContain('docs/receiver.md');
    const broken: string[] = [];
    for (const document of documents) {
      const prose = (await readFile(join(kit, document), 'utf8'))
        .replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')
        .replace(/`[^`\n]*`/g, '');
      for (const [, target] of prose.matchAll(/\]\(([^)\s#]+)(?:#[^)\s]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue;
        const file = join(kit, dirname(document), target!);
        if (
          !(await stat(file).then(
            () => true,
            () => false,
          ))
        )
          broken.push(`${document}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the bin validates notification files: exit 0 for a valid one, 1 for a broken one', async () => {
    await writeFile(join(dir, 'full.json'), JSON.stringify(fixtures.full.message));
    await writeFile(
      join(dir, 'broken.json'),
      JSON.stringify({ ...fixtures.full.message, GSW_PHONE: undefined, GSW_CALL_RESULT: '7' }),
    );
    const valid = await npx(['validate', 'full.json']);
    expect(valid.code, describeRun('cpn-kit validate full.json', valid)).toBe(0);
    expect(valid.stdout).toMatch(/^full\.json: valid$/m);
    const broken = await npx(['validate', 'broken.json']);
    expect(broken.code, describeRun('cpn-kit validate broken.json', broken)).toBe(1);
    expect(broken.stdout).toMatch(/GSW_PHONE/);
  });

  it('check-receiver and demo exit 2 naming @pact-foundation/pact, the peer they need', async () => {
    const [check, demo] = await Promise.all([
      npx(['check-receiver', 'http://127.0.0.1:9/x']),
      npx(['demo']),
    ]);
    expect(check.code, describeRun('cpn-kit check-receiver', check)).toBe(2);
    expect(check.stderr).toMatch(
      /check-receiver needs @pact-foundation\/pact .*npm install --save-dev @pact-foundation\/pact/,
    );
    expect(demo.code, describeRun('cpn-kit demo', demo)).toBe(2);
    expect(demo.stderr).toMatch(/demo needs @pact-foundation\/pact/);
  });

  it('receive --dedupe exits 2 naming ioredis, the peer it needs', async () => {
    const shared = await npx(['receive', '--port', '0', '--dedupe', 'redis://127.0.0.1:6379']);
    expect(shared.code, describeRun('cpn-kit receive --dedupe', shared)).toBe(2);
    expect(shared.stderr).toMatch(
      /receive --dedupe needs ioredis \(the dedupe store shared in Redis\).*npm install --save-dev ioredis/,
    );
    expect(shared.stdout).not.toContain('listening on');
  });

  it('runs nothing at install time, and npm has no install script of cpn-kit to warn about', async () => {
    const installed = JSON.parse(
      await readFile(join(dir, 'node_modules', 'cpn-kit', 'package.json'), 'utf8'),
    ) as { scripts?: Record<string, string> };
    expect(Object.keys(installed.scripts ?? {}).filter((s) => INSTALL_SCRIPTS.includes(s))).toEqual(
      [],
    );
    const output = install.stdout + install.stderr;
    expect(output).not.toMatch(/install-scripts?[^\n]*cpn-kit/i);
    expect(output).not.toMatch(/^npm (warn|error)/im);
  });
});
