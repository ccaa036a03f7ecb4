import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../../src/message/fixtures.js';
import { cliPath, runCli, type CliRun } from './runCli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

type Run = CliRun;

/** Runs `node dist/cli/main.js ...args` in the test's directory, optionally feeding standard input. */
const run = (args: readonly string[], options: { cwd?: string; input?: string } = {}) =>
  runCli(args, { cwd: dir, ...options });

/** No stack trace and no Node internals leak to the user. */
function expectNoStack(result: Run): void {
  expect(`${result.stdout}${result.stderr}`).not.toMatch(
    /\n\s+at |node:internal|Error: .*\n.*\.js:\d+/,
  );
}

let dir: string;
const full = JSON.stringify(fixtures.full.message, null, 2);
const invalid = JSON.stringify({
  ...fixtures.full.message,
  GSW_CALL_RESULT: '7',
  GSW_PHONE: undefined,
  Other1: 5,
});

beforeAll(async () => {
  // `npm test` builds first; build here only when dist is missing (a focused run of this file).
  if (!existsSync(cliPath))
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'src')],
      { stdio: 'inherit' },
    );
  dir = await mkdtemp(join(tmpdir(), 'cpn-kit-validate-'));
  await Promise.all([
    writeFile(join(dir, 'full.json'), full),
    writeFile(join(dir, 'vendor.json'), JSON.stringify(fixtures['vendor-enum'].message)),
    writeFile(join(dir, 'invalid.json'), invalid),
    writeFile(join(dir, 'bom.json'), `\ufeff${full}`),
    writeFile(join(dir, 'not-json.json'), '{"GSW_MESSAGE": "ContactProcessed",'),
    writeFile(join(dir, 'empty.json'), ''),
    writeFile(join(dir, 'blank.json'), '  \n'),
    writeFile(join(dir, 'array.json'), `[${full}]`),
    writeFile(join(dir, 'null.json'), 'null'),
  ]);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cpn-kit (child process)', () => {
  it('--help lists the commands and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: cpn-kit/);
    expect(result.stdout).toMatch(/^\s+validate \[options\] <file\.\.\.>/m);
  });

  it('validate --help documents -, --json FILE and --format', async () => {
    const result = await run(['validate', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--json <file>');
    expect(result.stdout).toContain('--format <format>');
    expect(result.stdout).toMatch(/- reads standard input/);
  });
});

describe('cpn-kit validate', () => {
  it('a valid file: exit 0, "valid"', async () => {
    const result = await run(['validate', 'full.json']);
    expect(result).toEqual({ code: 0, stdout: 'full.json: valid\n', stderr: '' });
  });

  it('a vendor-extended enum: exit 0 with the warnings printed', async () => {
    const result = await run(['validate', 'vendor.json']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^vendor\.json: warning: GSW_CALL_RESULT: .*54/),
      expect.stringMatching(/^vendor\.json: warning: GSW_OPTIMIZE_BY: .*4/),
      'vendor.json: valid (2 warning(s))',
    ]);
  });

  it('an invalid file: exit 1, each error line names the file and the field', async () => {
    const result = await run(['validate', 'invalid.json']);
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.includes(': error: '));
    expect(errors).toHaveLength(3);
    for (const line of errors)
      expect(line).toMatch(
        /^invalid\.json: error: (GSW_CALL_RESULT|GSW_PHONE|Other1): expected .+, found .+/,
      );
    expect(errors.join('\n')).toContain(
      'GSW_CALL_RESULT: expected an integer, found the string "7"',
    );
    expect(result.stdout).toContain('invalid.json: invalid (3 error(s))');
    expectNoStack(result);
  });

  it('several files, mixed: exit 1, every file judged in order', async () => {
    const result = await run(['validate', 'full.json', 'invalid.json', 'vendor.json']);
    expect(result.code).toBe(1);
    const verdicts = result.stdout.split('\n').filter((l) => /: (valid|invalid)( \(|$)/.test(l));
    expect(verdicts).toEqual([
      'full.json: valid',
      'invalid.json: invalid (3 error(s))',
      'vendor.json: valid (2 warning(s))',
    ]);
  });

  it('several valid files: exit 0', async () => {
    expect((await run(['validate', 'full.json', 'vendor.json', 'bom.json'])).code).toBe(0);
  });

  it('- reads standard input', async () => {
    expect(await run(['validate', '-'], { input: full })).toEqual({
      code: 0,
      stdout: '(stdin): valid\n',
      stderr: '',
    });
    const bad = await run(['validate', '-'], { input: invalid });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^\(stdin\): error: /m);
  });

  it('prints a field name or value carrying terminal escapes escaped (--format json: as \\u escapes)', async () => {
    const hostile = JSON.stringify({
      ...(JSON.parse(full) as Record<string, unknown>),
      'GSW_\u001b]2;pwned\u0007X': '1',
      'x\u202e\u009b2J': 1,
    });
    const text = await run(['validate', '-'], { input: hostile });
    expect(text.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text.stdout).toContain('GSW_\\x1b]2;pwned\\x07X: expected a field this schema names');
    expect(text.stdout).toContain('x\\u202e\\x9b2J: expected a string');
    const json = await run(['validate', '-', '--format', 'json'], { input: hostile });
    expect(json.stdout).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('x\u202e\u009b2J');
  });

  it('--format json prints one parseable document with every verdict and issue', async () => {
    const result = await run([
      'validate',
      '--format',
      'json',
      'full.json',
      'invalid.json',
      'vendor.json',
    ]);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as {
      valid: boolean;
      files: {
        file: string;
        valid: boolean;
        errors: { field: string; code: string }[];
        warnings: { field: string }[];
      }[];
    };
    expect(doc.valid).toBe(false);
    expect(doc.files.map((f) => [f.file, f.valid])).toEqual([
      ['full.json', true],
      ['invalid.json', false],
      ['vendor.json', true],
    ]);
    expect(doc.files[1]!.errors.map((e) => e.field).sort()).toEqual([
      'GSW_CALL_RESULT',
      'GSW_PHONE',
      'Other1',
    ]);
    expect(doc.files[2]!.warnings.map((w) => w.field)).toEqual([
      'GSW_CALL_RESULT',
      'GSW_OPTIMIZE_BY',
    ]);
    const ok = await run(['validate', '--format', 'json', 'full.json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true });
  });

  it.each([
    [
      'not-json.json',
      /not-json\.json: error: \(file\): expected a JSON object.*found text that is not JSON/,
    ],
    ['empty.json', /empty\.json: error: \(file\): expected a JSON object.*found an empty file/],
    ['blank.json', /blank\.json: error: \(file\): expected a JSON object.*found an empty file/],
    [
      'array.json',
      /array\.json: error: \(message\): expected a JSON object, found an array of 1 item/,
    ],
    ['null.json', /null\.json: error: \(message\): expected a JSON object, found null/],
  ])('%s: exit 1 with a clear message and no stack trace', async (file, message) => {
    const result = await run(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(message);
    expect(result.stderr).toBe('');
    expectNoStack(result);
  });

  it('a missing file: exit 2, named on standard error', async () => {
    const result = await run(['validate', 'full.json', 'no-such-file.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read no-such-file.json: no such file');
    expectNoStack(result);
  });

  it('a directory: exit 2, named', async () => {
    const result = await run(['validate', '.']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read \.: it is a directory/);
  });

  it('no file argument: exit 2 with usage help', async () => {
    const result = await run(['validate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing required argument 'file'/);
    expect(result.stdout).toBe('');
  });

  it('an unknown option: exit 2 naming it', async () => {
    const result = await run(['validate', '--bogus', 'full.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--bogus'/);
  });

  it('--format json with an unreadable file: exit 2, the problem in the document', async () => {
    const result = await run(['validate', '--format', 'json', 'full.json', 'no-such-file.json']);
    expect(result.code).toBe(2);
    const doc = JSON.parse(result.stdout) as {
      valid: boolean;
      files: { file: string; problem?: string }[];
    };
    expect(doc.valid).toBe(false);
    expect(doc.files[1]).toMatchObject({
      file: 'no-such-file.json',
      problem: 'cannot read no-such-file.json: no such file',
    });
  });

  it('- given twice: exit 2 (standard input can be read once)', async () => {
    const result = await run(['validate', '-', '-'], { input: full });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/- \(standard input\) can be given only once/);
    expect(result.stdout).toBe('');
  });

  it('an unknown command: exit 2', async () => {
    const result = await run(['valdiate', 'full.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'valdiate'/);
  });
});
