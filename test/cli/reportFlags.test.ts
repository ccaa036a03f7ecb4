/**
 * One meaning per flag: a report flag (`--json`, `--junit`, `--html`) names a file to write, on
 * every command that has it; printing JSON on standard output is `--format json` (send, replay,
 * validate). A usage error ends by naming the help of the command it is about.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';
import { startProxy } from '../../src/checks/proxy/startProxy.js';
import { fixtures } from '../../src/message/fixtures.js';
import { freshContactProcessed } from '../../src/message/freshContactProcessed.js';
import { startReceiver } from '../../src/receiver/startReceiver.js';
import { createSender } from '../../src/sender/createSender.js';
import { cliPath, runCli } from './runCli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;

beforeAll(async () => {
  // `npm test` builds first; build here only when dist is missing (a focused run of this file).
  if (!existsSync(cliPath))
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'src')],
      { stdio: 'inherit' },
    );
  dir = await mkdtemp(join(tmpdir(), 'cpn-kit-report-flags-'));
  await writeFile(join(dir, 'full.json'), JSON.stringify(fixtures.full.message));
  await writeFile(join(dir, 'bad.json'), JSON.stringify({ GSW_MESSAGE: 'ContactProcessed' }));
}, 120_000);

const REPORT_FLAGS = ['--json', '--junit', '--html'];

describe('every report flag names a file, on every command', () => {
  const program = createProgram();

  it('--json, --junit and --html take a file wherever they exist', () => {
    const uses = program.commands.flatMap((command) =>
      command.options
        .filter((o) => REPORT_FLAGS.includes(o.long!))
        .map((o) => `${command.name()} ${o.flags}`),
    );
    expect(uses.filter((use) => use.startsWith('send ') || use.startsWith('check-'))).not.toEqual(
      [],
    );
    expect(uses.filter((use) => !/ --(json|junit|html) <file>$/.test(use))).toEqual([]);
  });

  it.each(['send', 'replay', 'validate'])(
    '%s prints JSON on standard output with --format json, and writes it with --json FILE',
    (name) => {
      const command = program.commands.find((c) => c.name() === name)!;
      const format = command.options.find((o) => o.long === '--format')!;
      expect(format.flags).toBe('--format <format>');
      expect(format.argChoices).toEqual(['text', 'json']);
      expect(format.defaultValue).toBe('text');
      expect(command.options.find((o) => o.long === '--json')?.flags).toBe('--json <file>');
    },
  );
});

describe('cpn-kit send, replay and validate: --json FILE and --format json', () => {
  it('send writes the summary to --json FILE (folders created) and prints it with --format json', async () => {
    const crm = await startReceiver({ path: '/ocs' });
    try {
      const file = join(dir, 'send', 'deep', 'summary.json');
      const result = await runCli([
        'send',
        '--uri',
        crm.url,
        '--count',
        '3',
        '--json',
        file,
        '--format',
        'json',
      ]);
      expect(result.code, result.stderr).toBe(0);
      const written = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      expect(written).toMatchObject({ total: 3, delivered: 3, failed: 0, attempts: 3 });
      expect(JSON.parse(result.stdout)).toEqual(written);
      const text = await runCli(['send', '--uri', crm.url, '--json', join(dir, 'text.json')]);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/^sent 1 notification\(s\) to .*: 1 delivered, 0 failed/);
      expect(JSON.parse(await readFile(join(dir, 'text.json'), 'utf8'))).toMatchObject({
        total: 1,
        delivered: 1,
      });
    } finally {
      await crm.close();
    }
  });

  it('replay writes the summary to --json FILE and prints it with --format json', async () => {
    const crm = await startReceiver({ path: '/ocs' });
    const record = join(dir, 'replay.ndjson');
    try {
      const proxy = await startProxy({ target: crm.url, port: 0, responseTimeout: 2, record });
      const sender = createSender({ uri: proxy.url, responseTimeout: 2 });
      await sender.send(freshContactProcessed());
      await sender.close();
      await proxy.close();
      const file = join(dir, 'replay', 'summary.json');
      const result = await runCli([
        'replay',
        record,
        '--uri',
        crm.url,
        '--fresh',
        '--json',
        file,
        '--format',
        'json',
      ]);
      expect(result.code, result.stderr).toBe(0);
      const written = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      expect(written).toMatchObject({ total: 1, delivered: 1, failed: 0 });
      expect(JSON.parse(result.stdout)).toEqual(written);
    } finally {
      await crm.close();
    }
  });

  it('validate writes the verdicts to --json FILE, lines still on standard output', async () => {
    const result = await runCli(
      ['validate', '--json', 'out/verdicts.json', 'full.json', 'bad.json'],
      {
        cwd: dir,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^full\.json: valid$/m);
    expect(result.stdout).toMatch(/^bad\.json: invalid \(\d+ error\(s\)\)$/m);
    const written = JSON.parse(await readFile(join(dir, 'out/verdicts.json'), 'utf8')) as {
      valid: boolean;
      files: { file: string; valid: boolean }[];
    };
    expect(written.valid).toBe(false);
    expect(written.files.map((f) => [f.file, f.valid])).toEqual([
      ['full.json', true],
      ['bad.json', false],
    ]);
    const printed = await runCli(['validate', '--format', 'json', 'full.json'], { cwd: dir });
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({
      valid: true,
      files: [{ file: 'full.json' }],
    });
  });

  it("validate never writes its report over a notification (the old switch's habit: --json msg.json)", async () => {
    const before = await readFile(join(dir, 'full.json'), 'utf8');
    const result = await runCli(['validate', '--json', 'full.json', 'bad.json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'cpn-kit: --json: expected a file for the report (JSON on standard output: --format json), ' +
        'found full.json, which holds something else than a validate report',
    );
    expect(await readFile(join(dir, 'full.json'), 'utf8')).toBe(before);
  });

  it.each([
    ['send', ['--uri', 'http://127.0.0.1:9/ocs', '--json', '--quiet']],
    ['replay', ['x.ndjson', '--uri', 'http://127.0.0.1:9/ocs', '--json', '--fresh']],
    ['validate', ['--json', '--format', 'json', 'full.json']],
  ])('%s --json followed by a flag is refused, pointing to --format json', async (name, args) => {
    const result = await runCli([name, ...args], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^cpn-kit: --json: expected a file for the report \(JSON on standard output: --format json\), found "--\w+"$/m,
    );
    expect(result.stdout).toBe('');
  });

  it('--json naming a folder is refused at start, as for the check commands: nothing is sent', async () => {
    const crm = await startReceiver({ path: '/ocs' });
    try {
      const result = await runCli(['send', '--uri', crm.url, '--json', dir]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`cpn-kit: --json: cannot write ${dir}: it is a folder (EISDIR)\n`);
      expect(crm.receiver.stats).toEqual({
        accepted: 0,
        duplicates: 0,
        rejected: 0,
        inProgress: 0,
      });
    } finally {
      await crm.close();
    }
  });

  it('--format accepts text and json only', async () => {
    const result = await runCli(['validate', '--format', 'yaml', 'full.json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /'--format <format>' argument 'yaml' is invalid. Allowed choices are text, json/,
    );
  });
});

describe('a usage error names the help of its own command', () => {
  it.each([
    ['send', ['send'], /--uri: expected where to POST \(an http:\/\/ or https:\/\/ URL\)/],
    ['send', ['send', '--uri', 'http://x/', '--bogus'], /unknown option '--bogus'/],
    ['validate', ['validate'], /missing required argument 'file'/],
    [
      'check-sender',
      ['check-sender', '--retry-max-attempts', 'two'],
      /--retry-max-attempts: expected/,
    ],
    [
      'send',
      ['send', '--uri', 'ftp://crm/'],
      /--uri \(contact-processed-notification-uri\): expected/,
    ],
    [
      'replay',
      ['replay', 'no-such.ndjson', '--uri', 'http://x/'],
      /<file>: cannot read no-such\.ndjson/,
    ],
  ])('%s: %j', async (name, args, error) => {
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(error);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(
      `(run cpn-kit ${name} --help for usage)`,
    );
  });

  it('an unknown command names the program’s help', async () => {
    const result = await runCli(['sned', '--uri', 'http://x/']);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('(run cpn-kit --help for usage)');
  });
});
